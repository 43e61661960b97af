/**
 * Before any suite: the browser tests need Chromium and a CJK font, the PDF layout test poppler's pdftotext, the
 * export tests Debian's python3-openpyxl. On a machine without them the suite would fail
 * late and obscurely, so they are installed here when that is possible (root with apt, as `.ci/run` does), and
 * otherwise the run stops at once with the exact command to run.
 */
const { execFileSync, execSync } = require('node:child_process');
const fs = require('node:fs');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function missingPackages() {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  let fonts = '';
  try {
    fonts = execFileSync('fc-list', { encoding: 'utf8' });
  } catch {
    // fontconfig itself is missing: Chromium's package brings it.
  }
  if (!/wqy/i.test(fonts)) missing.push('fonts-wqy-zenhei');
  // Official documents print in Noto Serif CJK where an office has not installed the official faces.
  if (!/Noto Serif CJK/i.test(fonts)) missing.push('fonts-noto-cjk');
  // The PDF layout test reads printed pages with poppler's pdftotext and pdfinfo.
  if (!['/usr/bin/pdftotext', '/usr/local/bin/pdftotext'].some((p) => fs.existsSync(p)))
    missing.push('poppler-utils');
  // The export tests read workbooks back with an independent reader, Debian's openpyxl.
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import openpyxl'], { stdio: 'ignore' });
  } catch {
    missing.push('python3-openpyxl');
  }
  return missing;
}

module.exports = async function checkPrerequisites() {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const command = `apt-get install -y ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = fs.existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt)
    throw new Error(`The browser tests need ${missing.join(' and ')}. Install them first: sudo ${command}`);
  process.stdout.write(`\n[test] installing what the browser tests need: ${command}\n`);
  execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${command} -qq`, { stdio: 'inherit' });
  const still = missingPackages();
  if (still.length > 0)
    throw new Error(`Still missing after the install: ${still.join(', ')}. Run: ${command}`);
};
