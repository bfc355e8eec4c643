// `cdk8s-istio-gateway serve` as a user runs it: the app's dist/ served locally to a stand-in of the counter Service,
// one request through it, then SIGINT. Prints what happened; exits 0 only when all of it worked.
const { spawn } = require('child_process');
const http = require('http');

const backend = http.createServer((req, res) => res.end(`counter saw ${req.url}`));
backend.listen(0, '127.0.0.1', () => {
  const port = backend.address().port;
  const serve = spawn(require('path').join('node_modules', '.bin', 'cdk8s-istio-gateway'), ['serve', '-f', 'dist/', '--upstream', `counter.default:80=127.0.0.1:${port}`],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const fail = (why) => {
    console.log(`serve check failed: ${why}\nstdout:\n${out}\nstderr:\n${err}`);
    serve.kill('SIGKILL');
    process.exit(1);
  };
  const timer = setTimeout(() => fail('no answer within 60 s'), 60_000);
  serve.stderr.on('data', (d) => err += d);
  serve.stdout.on('data', (d) => {
    out += d;
    if (!out.includes('ready\n')) return;
    const line = out.split('\n').find((l) => l.startsWith('listening 80 HTTP on '));
    if (!line) return fail('no listener line for port 80');
    const local = Number(line.slice(line.lastIndexOf(':') + 1));
    http.get({ host: '127.0.0.1', port: local, path: '/hits', headers: { host: 'counter.lab.example.com' } }, (res) => {
      let body = '';
      res.on('data', (c) => body += c);
      res.on('end', () => {
        console.log(`serve answered ${res.statusCode}: ${body}`);
        serve.kill('SIGINT');
      });
    }).on('error', (e) => fail(e.message));
  });
  serve.on('exit', (code) => {
    clearTimeout(timer);
    console.log(`serve exited ${code}`);
    console.log(err.split('\n').filter((l) => l.includes('"GET /hits HTTP/1.1" 200')).length === 1 ? 'access log line written' : `no access log line:\n${err}`);
    backend.close();
  });
});
