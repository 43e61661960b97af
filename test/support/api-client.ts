/** Drives the real HTTP API the way an integration or the link pages would. */
export class ApiClient {
  /** `token`: an admin's API token, sent with every call; without one the client is anonymous. */
  constructor(
    private readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: any }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }

  /** A file the API sends (a workbook, a PDF), as bytes with its headers. */
  async download(path: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${this.baseUrl}${path}`, {
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers },
    });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  }

  async unitState(code: string, year: number): Promise<any> {
    const r = await this.call('GET', `/api/units/${code}/assessments/${year}`);
    if (r.status !== 200)
      throw new Error(`GET assessments of ${code}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json.assessments[0];
  }

  /** Polls the projection until the unit waits at `step` with `status`. */
  async until(
    code: string,
    year: number,
    step: string | null,
    status: string,
    timeoutMs = 30_000,
  ): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    let last: any;
    while (Date.now() < deadline) {
      last = await this.unitState(code, year);
      if (last.step === step && last.status === status) return last;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(
      `${code} did not reach ${step}/${status}; last: ${JSON.stringify({ step: last?.step, status: last?.status, stage: last?.stage })}`,
    );
  }

  async submit(assessmentId: string, step: string, payload: unknown, submittedBy: string) {
    return this.call('POST', `/api/assessments/${assessmentId}/submissions`, { step, payload, submittedBy });
  }

  async vote(assessmentId: string, step: string, personId: string, outcome = 'APPROVE', comment = '同意') {
    return this.call('POST', `/api/assessments/${assessmentId}/votes`, { step, personId, outcome, comment });
  }

  async waitForCycle(cycleId: string, status: string, timeoutMs = 30_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    let cycle: any;
    while (Date.now() < deadline) {
      cycle = (await this.call('GET', `/api/cycles/${cycleId}`)).json;
      if (cycle.cycle.status === status) return cycle;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`cycle ${cycleId} did not reach ${status}: ${JSON.stringify(cycle?.cycle)}`);
  }
}

export const planPayload = (title: string) => ({
  title,
  summary: '围绕技能竞赛和安康杯开展全年劳动竞赛',
  measures: ['每季度组织技能比武'],
  campaigns: ['SKILL_COMPETITION', 'ANKANG_CUP'],
});
