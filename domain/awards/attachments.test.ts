import { ATTACHMENT_MAX_BYTES, cleanFileName, judgeAttachment, sniffType } from './attachments';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const EXE = Buffer.from('MZ\x90\x00\x03\x00\x00\x00');

const file = (name: string, head: Buffer, size = head.length) => ({ name, head, size });

it('knows PDF, PNG and JPEG by their first bytes and nothing else', () => {
  expect(sniffType(PDF)).toBe('application/pdf');
  expect(sniffType(PNG)).toBe('image/png');
  expect(sniffType(JPEG)).toBe('image/jpeg');
  expect(sniffType(EXE)).toBeNull();
  expect(sniffType(Buffer.from('<html><script>'))).toBeNull();
  expect(sniffType(Buffer.alloc(0))).toBeNull();
});

it('accepts a file whose content and extension agree', () => {
  expect(judgeAttachment(file('事迹材料.PDF', PDF))).toEqual({
    ok: true,
    mediaType: 'application/pdf',
    fileName: '事迹材料.PDF',
  });
  expect(judgeAttachment(file('photo.jpeg', JPEG))).toMatchObject({ ok: true, mediaType: 'image/jpeg' });
  expect(judgeAttachment(file('photo.jpg', JPEG))).toMatchObject({ ok: true });
});

it('refuses a lying extension, an unknown type, an empty or oversized file and a bad name', () => {
  expect(judgeAttachment(file('证明.pdf', EXE))).toEqual({ ok: false, problem: 'type' });
  expect(judgeAttachment(file('证明.png', PDF))).toEqual({ ok: false, problem: 'extension' });
  expect(judgeAttachment(file('证明', PDF))).toEqual({ ok: false, problem: 'extension' });
  expect(judgeAttachment(file('a.pdf', Buffer.alloc(0)))).toEqual({ ok: false, problem: 'empty' });
  expect(judgeAttachment(file('a.pdf', PDF, ATTACHMENT_MAX_BYTES + 1))).toEqual({
    ok: false,
    problem: 'tooLarge',
  });
  expect(judgeAttachment(file('a.pdf', PDF, ATTACHMENT_MAX_BYTES))).toMatchObject({ ok: true });
  expect(judgeAttachment(file('\u0000\u0001', PDF))).toEqual({ ok: false, problem: 'name' });
});

it('keeps only the last segment of a path and drops control characters', () => {
  expect(cleanFileName('C:\\Users\\x\\证明.pdf')).toBe('证明.pdf');
  expect(cleanFileName('../../etc/passwd')).toBe('passwd');
  expect(cleanFileName('a\r\nb.pdf')).toBe('ab.pdf');
  expect(cleanFileName('x'.repeat(201))).toBeNull();
});
