// Times the dashboard's national view in headless Chromium, driven through chromedriver's WebDriver HTTP API (node's
// own fetch; no package to install). Signs in as the dashboard does (the token in sessionStorage), then loads
// /app/#/national afresh `rounds` times and prints, for each, the milliseconds from the navigation's start until the
// national table has its rows (performance.now() in the page when they appear), one number per line.
// Usage: node national-view.mjs <chromedriver-url> <app-base-url> <token> [rounds, default 4]
const [driver, base, token, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg || 4);
if (!driver || !base || !token) {
  console.error('usage: node national-view.mjs <chromedriver-url> <app-base-url> <token> [rounds]');
  process.exit(2);
}

async function call(method, path, body) {
  const response = await fetch(driver + path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(answer.value)}`);
  return answer.value;
}

const options = { args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--window-size=1280,1000'] };
if (process.env.CHROMIUM_BINARY) options.binary = process.env.CHROMIUM_BINARY;
const { sessionId } = await call('POST', '/session',
  { capabilities: { alwaysMatch: { browserName: 'chrome', 'goog:chromeOptions': options } } });
const session = `/session/${sessionId}`;
try {
  await call('POST', `${session}/timeouts`, { script: 300000, pageLoad: 300000 });
  await call('POST', `${session}/url`, { url: `${base}/app/` });
  await call('POST', `${session}/execute/sync`,
    { script: 'sessionStorage.setItem("stockbridge.token", arguments[0]);', args: [token] });
  for (let round = 0; round < rounds; round++) {
    await call('POST', `${session}/url`, { url: 'about:blank' });
    await call('POST', `${session}/url`, { url: `${base}/app/#/national` });
    // resolves with the page's clock when the national table has rows (or says it has none), else the error shown
    const ms = await call('POST', `${session}/execute/async`, { script: `
      const done = arguments[arguments.length - 1];
      const ready = () => document.querySelector('table.national tbody tr');
      const failed = () => document.querySelector('#main .problem, #main [role=alert]');
      const check = () => {
        if (ready()) { done(performance.now()); return true; }
        if (failed()) { done('error: ' + failed().textContent.trim()); return true; }
        return false;
      };
      if (!check()) {
        const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
        observer.observe(document.body, { childList: true, subtree: true });
      }`, args: [] });
    if (typeof ms !== 'number') throw new Error(`the national view did not render: ${ms}`);
    console.log(ms.toFixed(0));
  }
} finally {
  await call('DELETE', session);
}
