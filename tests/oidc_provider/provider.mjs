// A real OpenID Connect provider on loopback for Samsyn's login tests: the certified
// oidc-provider package, configured from a JSON file that tests/oidc_provider/fixtures.py
// writes (issuer, port, clients, accounts and their claims). Test only: it signs in whoever
// types a known login (no password), and it can hand out bad ID tokens on purpose for the
// accounts whose login says so, so that the tests see Samsyn refuse them:
//   tamper-*   the ID token's payload changed after signing (signature no longer matches)
//   expired-*  a correctly signed ID token that expired an hour ago
//   foreign-*  a correctly signed ID token from another issuer
//   audience-* a correctly signed ID token for another client
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { URLSearchParams } from 'node:url';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await jose.exportJWK(privateKey)), kid: 'samsyn-test', alg: 'RS256', use: 'sig' };

const provider = new Provider(config.issuer, {
  clients: config.clients,
  jwks: { keys: [jwk] },
  cookies: { keys: ['samsyn-test-oidc-provider-cookie-key'] },
  claims: {
    openid: ['sub'],
    profile: ['name', 'given_name', 'family_name'],
    email: ['email'],
    ...config.scopes,
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
  },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const claims = config.accounts[id];
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  // First-party client: no consent page, every requested scope is granted.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
});
provider.proxy = false;

function loginPage(uid, error) {
  return `<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Testleverantör</title></head>
<body><main><h1>Test identity provider ${config.name}</h1>${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label for="login">Login</label><input id="login" name="login" autocomplete="off">
<button type="submit">Sign in at the provider</button></form></main></body></html>`;
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function interaction(req, res) {
  const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== match[1]) throw new Error('interaction mismatch');
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(loginPage(details.uid));
    return;
  }
  const login = new URLSearchParams(await readBody(req)).get('login');
  if (!config.accounts[login]) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(loginPage(details.uid, 'Unknown login'));
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: login } }, {
    mergeWithLastSubmission: false,
  });
}

async function resign(payload) {
  return new jose.SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: 'samsyn-test', typ: 'JWT' })
    .sign(privateKey);
}

// The deliberately bad ID tokens: rewrite the token endpoint's answer for those accounts.
async function spoil(idToken) {
  const [header, body, signature] = idToken.split('.');
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  const now = Math.floor(Date.now() / 1000);
  if (payload.sub.startsWith('tamper-')) {
    const changed = { ...payload, sub: `${payload.sub}-x` };
    return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
  }
  if (payload.sub.startsWith('expired-')) {
    return resign({ ...payload, iat: now - 7200, exp: now - 3600 });
  }
  if (payload.sub.startsWith('foreign-')) {
    return resign({ ...payload, iss: 'http://127.0.0.1:1/another-issuer' });
  }
  if (payload.sub.startsWith('audience-')) {
    return resign({ ...payload, aud: 'another-client' });
  }
  return idToken;
}

function tokenEndpoint(req, res) {
  const { write, end, setHeader } = res;
  const chunks = [];
  res.setHeader = (name, value) => (name.toLowerCase() === 'content-length' ? res : setHeader.call(res, name, value));
  res.write = (chunk) => { chunks.push(Buffer.from(chunk)); return true; };
  res.end = (chunk) => {
    if (chunk) chunks.push(Buffer.from(chunk));
    const text = Buffer.concat(chunks).toString('utf8');
    let answer;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = null;
    }
    if (!answer?.id_token) {
      end.call(res, text);
      return res;
    }
    spoil(answer.id_token).then((idToken) => {
      end.call(res, JSON.stringify({ ...answer, id_token: idToken }));
    });
    return res;
  };
  res.write.bind(res);
  return write;
}

const callback = provider.callback();
http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
    return;
  }
  if (req.url.startsWith('/token') && req.method === 'POST') tokenEndpoint(req, res);
  callback(req, res);
}).listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`listening ${config.issuer}\n`);
});
