// The dashboard page: Preact + htm from one ESM file (no build step). State arrives by server-sent
// events; actions are JSON POSTs carrying the token from this page's URL.
import { html, render, useEffect, useState } from './preact-htm.mjs';

const token = new URLSearchParams(location.search).get('token') ?? '';
const api = (path) => `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;

async function post(path, body, type = 'application/json') {
  const res = await fetch(api(path), {
    method: 'POST',
    headers: { 'content-type': type, 'x-dashboard-token': token },
    body: type === 'application/json' ? JSON.stringify(body) : body,
  });
  const value = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (!res.ok) throw new Error(value.error ?? `HTTP ${res.status}`);
  return value;
}

function uptime(startedAt, now) {
  const s = Math.max(0, Math.floor((now - Date.parse(startedAt)) / 1000));
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60);
  return `${h}h ${m}m ${s % 60}s`;
}

/** A form whose submit shows the result or the refusal's one line. */
function useAction() {
  const [out, setOut] = useState(null);
  const run = async (fn) => {
    setOut({ busy: true });
    try {
      setOut({ value: await fn() });
    } catch (e) {
      setOut({ error: e.message });
    }
  };
  return [out, run];
}
const Outcome = ({ out, render: show }) =>
  !out
    ? null
    : out.busy
      ? html`<p class="muted">working…</p>`
      : out.error
        ? html`<p class="error" data-test="error">${out.error}</p>`
        : show
          ? show(out.value)
          : html`<p class="ok" data-test="done">done</p>`;

function Host({ host, connected }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return html`<header>
    <h1>wasmCloud host</h1>
    <span>key <span class="kv" data-test="host-key">${host.hostId}</span></span>
    <span>lattice <span class="kv">${host.lattice}</span></span>
    <span>uptime <span class="kv">${uptime(host.startedAt, now)}</span></span>
    <span class="kv">${connected ? 'live' : 'reconnecting…'}</span>
  </header>`;
}

function Actors({ actors }) {
  const [out, run] = useAction();
  const stop = (a) => run(() => post('/api/stop', { actor: a.publicKey }));
  const update = (a, file) => run(() => post(`/api/upload?update=${encodeURIComponent(a.publicKey)}`, file, 'application/wasm'));
  return html`<section class="wide">
    <h2>Actors</h2>
    ${
      actors.length === 0
        ? html`<p class="muted">No actors running.</p>`
        : html`<table data-test="actors">
            <tr>
              <th>name</th>
              <th>key</th>
              <th>version</th>
              <th>rev</th>
              <th>call alias</th>
              <th>claims</th>
              <th>inst.</th>
              <th>calls</th>
              <th>errors</th>
              <th></th>
            </tr>
            ${actors.map(
              (a) =>
                html`<tr data-actor=${a.name}>
                  <td>${a.name}</td>
                  <td class="mono">${a.publicKey}</td>
                  <td>${a.version ?? ''}</td>
                  <td>${a.revision ?? 0}</td>
                  <td>${a.callAlias ?? ''}</td>
                  <td>
                    ${a.caps.map((c) => html`<span class="pill">${c}</span>`)}
                    <div class="mono muted">issuer ${a.issuer}</div>
                  </td>
                  <td>${a.instances}</td>
                  <td data-test="calls">${a.calls}</td>
                  <td data-test="errors">${a.errors}</td>
                  <td>
                    <button class="secondary" data-test="stop" onClick=${() => stop(a)}>stop</button>
                    <label class="muted">
                      update <input type="file" accept=".wasm" onChange=${(e) => e.target.files[0] && update(a, e.target.files[0])}
                    /></label>
                  </td>
                </tr>`,
            )}
          </table>`
    }
    <${Outcome} out=${out} />
  </section>`;
}

function Start() {
  const [out, run] = useAction();
  const [ref, setRef] = useState('');
  const upload = (e) => {
    const f = e.target.files[0];
    if (f) run(() => post('/api/upload', f, 'application/wasm'));
    e.target.value = '';
  };
  return html`<section>
    <h2>Start an actor</h2>
    <form onSubmit=${(e) => e.preventDefault()}>
      <label>signed .wasm <input type="file" accept=".wasm" data-test="upload" onChange=${upload} /></label>
    </form>
    <form
      onSubmit=${(e) => {
        e.preventDefault();
        run(() => post('/api/start', { reference: ref }));
      }}
    >
      <input type="text" size="40" placeholder="OCI reference, e.g. 127.0.0.1:5000/hello:0.1.0" value=${ref} onInput=${(e) => setRef(e.target.value)} />
      <button>start</button>
    </form>
    <${Outcome} out=${out} render=${(a) => html`<p class="ok" data-test="started">started ${a.name} (${a.publicKey})</p>`} />
  </section>`;
}

const ActorSelect = ({ actors, value, onChange, name }) =>
  html`<select name=${name} value=${value} onChange=${(e) => onChange(e.target.value)}>
    ${actors.map((a) => html`<option value=${a.publicKey}>${a.name}</option>`)}
  </select>`;

function Invoke({ actors }) {
  const [out, run] = useAction();
  const [actor, setActor] = useState('');
  const [operation, setOperation] = useState('');
  const [data, setData] = useState('');
  const [tests, testRun] = useAction();
  const chosen = actor || actors[0]?.publicKey || '';
  return html`<section>
    <h2>Invoke</h2>
    <form
      data-test="invoke"
      onSubmit=${(e) => {
        e.preventDefault();
        run(() => post('/api/invoke', { actor: chosen, operation, data }));
      }}
    >
      <${ActorSelect} actors=${actors} value=${chosen} onChange=${setActor} name="actor" />
      <input
        type="text"
        name="operation"
        placeholder="Operation, e.g. HttpServer.HandleRequest"
        value=${operation}
        onInput=${(e) => setOperation(e.target.value)}
      />
      <textarea name="data" placeholder="JSON input (sent as msgpack)" value=${data} onInput=${(e) => setData(e.target.value)}></textarea>
      <button>invoke</button>
      <button type="button" class="secondary" data-test="run-tests" onClick=${() => testRun(() => post('/api/test', { actor: chosen, options: '' }))}>
        run Testing.Start
      </button>
    </form>
    <${Outcome}
      out=${out}
      render=${(r) =>
        html`<div data-test="reply">
          <span class="muted">reply (${r.format})</span>
          <pre>${JSON.stringify(r.json, null, 2)}</pre>
        </div>`}
    />
    <${Outcome} out=${tests} render=${(t) => html`<pre data-test="test-report" class=${t.ok ? 'ok' : 'fail'}>${t.lines.join('\n')}</pre>`} />
  </section>`;
}

function Links({ links, actors }) {
  const [out, run] = useAction();
  const [actor, setActor] = useState('');
  const [contractId, setContract] = useState('wasmcloud:keyvalue');
  const [linkName, setLinkName] = useState('default');
  const [provider, setProvider] = useState('double');
  const chosen = actor || actors[0]?.publicKey || '';
  return html`<section>
    <h2>Link definitions</h2>
    ${
      links.length === 0
        ? html`<p class="muted">No links.</p>`
        : html`<table data-test="links">
            <tr>
              <th>actor</th>
              <th>contract</th>
              <th>link</th>
              <th>provider</th>
              <th></th>
            </tr>
            ${links.map(
              (l) =>
                html`<tr>
                  <td class="mono">${actors.find((a) => a.publicKey === l.actorId)?.name ?? l.actorId}</td>
                  <td>${l.contractId}</td>
                  <td>${l.linkName}</td>
                  <td class="mono">${l.provider}</td>
                  <td><button class="secondary" onClick=${() => run(() => post('/api/unlink', l))}>delete</button></td>
                </tr>`,
            )}
          </table>`
    }
    <form
      data-test="link"
      onSubmit=${(e) => {
        e.preventDefault();
        run(() => post('/api/link', { actorId: chosen, contractId, linkName, provider }));
      }}
    >
      <${ActorSelect} actors=${actors} value=${chosen} onChange=${setActor} name="actor" />
      <input type="text" name="contract" value=${contractId} onInput=${(e) => setContract(e.target.value)} />
      <input type="text" name="linkName" size="8" value=${linkName} onInput=${(e) => setLinkName(e.target.value)} />
      <input type="text" name="provider" size="12" title="'double' or a provider key (V…)" value=${provider} onInput=${(e) => setProvider(e.target.value)} />
      <button>link</button>
    </form>
    <${Outcome} out=${out} />
  </section>`;
}

const Providers = ({ providers }) =>
  html`<section>
    <h2>Providers</h2>
    ${
      providers.length === 0
        ? html`<p class="muted">No lattice providers (in-memory doubles are linked per actor).</p>`
        : html`<table>
            <tr>
              <th>contract</th>
              <th>link</th>
              <th>key</th>
              <th>health</th>
            </tr>
            ${providers.map(
              (p) =>
                html`<tr>
                  <td>${p.contractId}</td>
                  <td>${p.linkName}</td>
                  <td class="mono">${p.publicKey}</td>
                  <td class=${p.health === 'healthy' ? 'ok' : p.health === 'unhealthy' ? 'fail' : 'muted'}>${p.health}${p.message ? `: ${p.message}` : ''}</td>
                </tr>`,
            )}
          </table>`
    }
  </section>`;

const Logs = ({ lines }) =>
  html`<section class="wide">
    <h2>Log</h2>
    <div class="log" data-test="log">
      ${lines.map((l) => html`<div><span class="muted">${l.at.slice(11, 19)}</span> [${l.level}] ${l.actor}: ${l.text}</div>`)}
    </div>
  </section>`;

function App() {
  const [state, setState] = useState(null);
  const [lines, setLines] = useState([]);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const events = new EventSource(api('/events'));
    events.addEventListener('open', () => setConnected(true));
    events.addEventListener('error', () => setConnected(false));
    events.addEventListener('state', (e) => setState(JSON.parse(e.data)));
    events.addEventListener('log', (e) => setLines((old) => [...old.slice(-199), JSON.parse(e.data)]));
    return () => events.close();
  }, []);
  if (!state) return html`<p class="muted">Connecting… (open the URL printed when the host started: it carries the token)</p>`;
  return html`<${Host} host=${state.host} connected=${connected} />
    <main>
      <${Actors} actors=${state.actors} />
      <${Start} />
      <${Invoke} actors=${state.actors} />
      <${Links} links=${state.links} actors=${state.actors} />
      <${Providers} providers=${state.providers} />
      <${Logs} lines=${lines} />
    </main>`;
}

render(html`<${App} />`, document.getElementById('app'));
