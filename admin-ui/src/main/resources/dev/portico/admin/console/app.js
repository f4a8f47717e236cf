// Portico admin console: one page, plain JavaScript, no build step. Every figure comes from the
// JSON admin API under /admin/api/v1 (see /admin/api/v1/openapi.yaml).
(function () {
  'use strict';
  const API = '/admin/api/v1';
  const state = { level: null, digest: null, charts: null, last: null, series: [[], [], [], [], []] };

  function cookie(name) {
    const found = document.cookie.split('; ').find(c => c.startsWith(name + '='));
    return found ? decodeURIComponent(found.substring(name.length + 1)) : null;
  }

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    const token = sessionStorage.getItem('portico-admin-token');
    if (token) headers['Authorization'] = 'Bearer ' + token;
    const csrf = cookie('PORTICO_ADMIN_CSRF');
    if (csrf) headers['X-CSRF-Token'] = csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(API + path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = { detail: text }; }
    return { status: response.status, json };
  }

  function $(id) { return document.getElementById(id); }
  function cell(row, value) {
    const td = document.createElement('td');
    td.textContent = value === null || value === undefined ? '-' : String(value);
    row.appendChild(td);
    return td;
  }
  function fill(tableId, rows, columns) {
    const body = document.querySelector('#' + tableId + ' tbody');
    body.replaceChildren();
    rows.forEach(r => {
      const tr = document.createElement('tr');
      columns.forEach(c => cell(tr, typeof c === 'function' ? c(r) : r[c]));
      body.appendChild(tr);
    });
  }
  function status(text, ok) {
    const el = $('config-status');
    el.textContent = text;
    el.className = ok ? 'ok' : 'bad';
  }

  // ---- views
  const loaders = {
    overview: loadTraffic,
    routes: async () => {
      const r = await api('GET', '/routes');
      fill('routes-table', r.json, ['position', 'id', 'hosts', 'path', 'conditions', 'upstream',
        'forwarded', 'auth', 'policies', 'limits']);
      document.querySelectorAll('#routes-table tbody tr').forEach((tr, i) => {
        tr.classList.add('clickable');
        tr.onclick = () => { state.detail = r.json[i].id; state.detailLast = null; routeDetail(); };
      });
      if (state.detail) routeDetail();
    },
    upstreams: async () => {
      const r = await api('GET', '/upstreams');
      const root = $('upstreams');
      root.replaceChildren();
      r.json.forEach(u => {
        const h = document.createElement('h3');
        h.textContent = u.name + (u.active_health_checks ? ' (active health checks)' : '');
        const table = document.createElement('table');
        table.innerHTML = '<thead><tr><th>Endpoint</th><th>Region</th><th>Zone</th><th>Weight</th>'
          + '<th>Healthy</th><th>Ejected</th><th>Ejections</th><th>In flight</th></tr></thead><tbody></tbody>';
        u.endpoints.forEach(e => {
          const tr = document.createElement('tr');
          [e.url, e.region, e.zone, e.weight, e.healthy === null ? 'not checked' : e.healthy,
            e.ejected, e.ejections, e.in_flight].forEach(v => cell(tr, v));
          table.tBodies[0].appendChild(tr);
        });
        root.append(h, table);
      });
    },
    security: async () => {
      const r = await api('GET', '/security');
      fill('issuers-table', r.json.issuers, ['name', 'issuer', 'login', 'last_key_fetch',
        i => i.key_ids.join(', '), 'stale', 'last_error']);
      fill('policies-table', r.json.policies, ['name', 'allow_rules', 'deny_rules']);
      fill('denials-table', r.json.denials, ['route', 'step', 'outcome', 'count']);
      fill('recent-denials-table', r.json.recent_denials,
        ['at', 'route', 'outcome', 'subject', 'policy', 'rule', 'reason', 'method', 'path', 'request_id']);
    },
    'rate-limits': async () => {
      const r = await api('GET', '/rate-limits');
      $('store').textContent = 'Default store: ' + r.json.store + ', on store failure: '
        + r.json.on_store_failure + (r.json.redis_configured ? ' (Redis configured)' : '');
      fill('limits-table', r.json.policies, ['name', p => p.limits.join(', '), 'burst',
        p => p.key.join(' + '), 'store', 'on_store_failure']);
      const st = r.json.store_status;
      $('store-status').textContent = (st.shared_store_up === null ? 'No shared store in use'
        : 'Shared store (Redis): ' + (st.shared_store_up ? 'up' : 'DOWN — on-store-failure applies'))
        + '; outages: ' + st.outages + '; fallback decisions: '
        + (Object.entries(st.fallbacks).map(([m, n]) => m + ' ' + n).join(', ') || 'none')
        + '; local keys: ' + st.local_keys;
      fill('limited-table', st.most_limited, ['route', 'policy', 'count']);
      fill('limited-keys-table', r.json.most_limited_keys, ['route', 'policy', 'key', 'count', 'error']);
    },
    config: loadConfig,
    simulate: async () => {}
  };

  function show() {
    const view = (location.hash || '#overview').substring(1);
    document.querySelectorAll('.view').forEach(s => { s.hidden = s.id !== 'view-' + view; });
    document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.dataset.view === view));
    const load = loaders[view];
    if (load) load().catch(e => console.error(e));
  }

  // ---- route detail: the route's own figures, refreshed with the overview's poll
  async function routeDetail() {
    if (!state.detail) return;
    const r = await api('GET', '/traffic');
    if (r.status !== 200) return;
    const f = r.json.routes.find(x => x.route === state.detail)
      || { requests: 0, errors: 0, p50Ms: null, p99Ms: null, meanMs: null };
    let rate = '…';
    if (state.detailLast) {
      const seconds = Math.max(0.001, (r.json.atMillis - state.detailLast.at) / 1000);
      rate = ((f.requests - state.detailLast.requests) / seconds).toFixed(2);
    }
    state.detailLast = { at: r.json.atMillis, requests: f.requests };
    $('route-detail').hidden = false;
    $('route-detail-id').textContent = state.detail;
    const dl = $('route-detail-figures');
    dl.replaceChildren();
    const fmt = v => v === null || v === undefined ? '-' : (typeof v === 'number' ? +v.toFixed(2) : v);
    [['Requests since start', f.requests], ['Requests/s', rate], ['5xx since start', f.errors],
      ['p50 ms', fmt(f.p50Ms)], ['p99 ms', fmt(f.p99Ms)], ['mean ms', fmt(f.meanMs)]].forEach(([k, v]) => {
      const dt = document.createElement('dt'); dt.textContent = k;
      const dd = document.createElement('dd'); dd.textContent = v; dd.dataset.figure = k;
      dl.append(dt, dd);
    });
    await routeCharts();
  }
  // The route's own series from the server (a point every 5 s), drawn as two charts.
  async function routeCharts() {
    const r = await api('GET', '/traffic/routes/' + encodeURIComponent(state.detail));
    if (r.status !== 200 || typeof uPlot === 'undefined') return;
    const p = r.json.points;
    const t = p.map(x => x.atMillis / 1000);
    const rate = [t, p.map(x => x.requestsPerSecond), p.map(x => x.errorRate === null ? null : x.errorRate * 100)];
    const latency = [t, p.map(x => x.p50Ms), p.map(x => x.p99Ms)];
    if (!state.routeCharts || state.routeCharts.route !== state.detail) {
      $('route-chart-rate').replaceChildren();
      $('route-chart-latency').replaceChildren();
      state.routeCharts = { route: state.detail,
        rate: chart('route-chart-rate', ['req/s', '5xx %'], 600),
        latency: chart('route-chart-latency', ['p50', 'p99'], 600) };
    }
    state.routeCharts.rate.setData(rate);
    state.routeCharts.latency.setData(latency);
    $('route-chart-rate').dataset.points = p.length;
    $('route-chart-rate').dataset.requests = p.reduce((sum, x) => sum + x.requestsPerSecond * r.json.intervalSeconds, 0).toFixed(0);
  }
  setInterval(() => { if (!$('view-routes').hidden && state.level) routeDetail(); }, 5000);

  // ---- overview
  // windowSeconds: show that much time up to the newest point (a lone point is not stretched over years).
  function chart(id, labels, windowSeconds) {
    const series = [{}].concat(labels.map((l, i) => ({ label: l, stroke: ['#2f6fde', '#d9822b'][i] })));
    const scales = windowSeconds ? { x: { time: true,
      range: (u, min, max) => max === null || max === undefined ? [0, 1] : [max - windowSeconds, max] } } : {};
    return new uPlot({ width: 420, height: 200, series, scales, axes: [{}, {}] },
      [[]].concat(labels.map(() => [])), $(id));
  }
  async function loadTraffic() {
    const r = await api('GET', '/traffic');
    if (r.status !== 200) return;
    const s = r.json;
    const rates = {};
    if (state.last) {
      const seconds = Math.max(0.001, (s.atMillis - state.last.atMillis) / 1000);
      const before = Object.fromEntries(state.last.routes.map(f => [f.route, f]));
      s.routes.forEach(f => {
        const b = before[f.route];
        rates[f.route] = b ? (f.requests - b.requests) / seconds : 0;
      });
      const t = s.atMillis / 1000;
      const d = state.series;
      d[0].push(t);
      d[1].push((s.total.requests - state.last.total.requests) / seconds);
      d[2].push(s.total.p50Ms);
      d[3].push(s.total.p99Ms);
      d[4].push((s.total.errors - state.last.total.errors) / seconds);
      if (d[0].length > 120) d.forEach(a => a.shift());
      if (!state.charts && typeof uPlot !== 'undefined') {
        state.charts = [chart('chart-rate', ['req/s']), chart('chart-latency', ['p50', 'p99']),
          chart('chart-errors', ['5xx/s'])];
      }
      if (state.charts) {
        state.charts[0].setData([d[0], d[1]]);
        state.charts[1].setData([d[0], d[2], d[3]]);
        state.charts[2].setData([d[0], d[4]]);
      }
    }
    state.last = s;
    fill('traffic-table', s.routes, ['route', 'requests',
      f => rates[f.route] === undefined ? '…' : rates[f.route].toFixed(2), 'errors',
      f => f.p50Ms === null ? '-' : f.p50Ms.toFixed(1), f => f.p99Ms === null ? '-' : f.p99Ms.toFixed(1)]);
  }
  setInterval(() => { if (!$('view-overview').hidden && state.level) loadTraffic(); }, 5000);

  // ---- config
  function renderGutter(errorLines) {
    const lines = $('yaml').value.split('\n').length;
    const gutter = $('gutter');
    gutter.replaceChildren();
    for (let i = 1; i <= lines; i++) {
      const span = document.createElement('span');
      span.textContent = i;
      span.dataset.line = i;
      if (errorLines && errorLines.has(i)) {
        span.className = 'error-line';
        span.title = errorLines.get(i);
      }
      gutter.append(span, '\n');
    }
    gutter.scrollTop = $('yaml').scrollTop;
  }
  function showErrors(errors) {
    const list = $('config-errors');
    list.replaceChildren();
    const byLine = new Map();
    (errors || []).forEach(e => {
      const li = document.createElement('li');
      li.textContent = 'line ' + e.line + ':' + e.column + ' ' + (e.path ? e.path + ': ' : '') + e.message;
      li.dataset.line = e.line;
      li.onclick = () => goToLine(e.line);
      list.appendChild(li);
      byLine.set(e.line, (byLine.has(e.line) ? byLine.get(e.line) + '; ' : '') + e.message);
    });
    renderGutter(byLine);
  }
  function goToLine(line) {
    const area = $('yaml');
    const lines = area.value.split('\n');
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    area.focus();
    area.setSelectionRange(offset, offset + (lines[line - 1] || '').length);
    area.scrollTop = Math.max(0, (line - 5) * 18);
  }
  async function loadConfig() {
    const r = await api('GET', '/config');
    if (r.status !== 200) { status('Cannot read the configuration: ' + (r.json && r.json.detail), false); return; }
    $('yaml').value = r.json.yaml;
    $('config-file').textContent = r.json.file;
    state.digest = r.json.digest;
    showErrors([]);
    $('config-diff').textContent = '';
    await loadHistory();
  }
  async function loadHistory() {
    const r = await api('GET', '/config/history');
    const body = document.querySelector('#history-table tbody');
    body.replaceChildren();
    r.json.forEach(v => {
      const tr = document.createElement('tr');
      cell(tr, v.id + (v.running ? ' (running)' : ''));
      cell(tr, v.appliedAt);
      cell(tr, v.digest.substring(0, 12));
      const td = cell(tr, '');
      if (!v.running) {
        const b = document.createElement('button');
        b.textContent = 'Roll back to ' + v.id;
        b.className = 'write rollback';
        b.dataset.version = v.id;
        b.disabled = state.level !== 'admin';
        b.onclick = () => rollback(v.id);
        td.appendChild(b);
      }
      body.appendChild(tr);
    });
  }
  async function validate() {
    const r = await api('POST', '/config/validate', { yaml: $('yaml').value });
    if (r.status !== 200) { status(r.json.detail || ('HTTP ' + r.status), false); return; }
    showErrors(r.json.errors);
    status(r.json.valid ? 'Valid.' : r.json.errors.length + ' error(s).', r.json.valid);
  }
  async function diff() {
    const r = await api('POST', '/config/diff', { yaml: $('yaml').value });
    $('config-diff').textContent = r.status === 200 ? (r.json.diff || 'No changes.') : r.json.detail;
  }
  function reportChange(r, verb) {
    if (r.status === 200) {
      status(verb + ': ' + r.json.outcome + (r.json.version ? ' (version ' + r.json.version + ')' : ''), true);
      return true;
    }
    if (r.json && r.json.outcome) {
      showErrors(r.json.errors);
      status(verb + ' refused: ' + r.json.outcome + (r.json.outcome === 'reload-rejected'
        ? ' — the previous file was restored' : ''), false);
    } else {
      status(verb + ' refused: ' + ((r.json && r.json.detail) || 'HTTP ' + r.status), false);
    }
    return false;
  }
  async function apply() {
    const r = await api('POST', '/config/apply', { yaml: $('yaml').value, base_digest: state.digest });
    if (reportChange(r, 'Apply')) {
      const message = $('config-status').textContent;
      await loadConfig();
      status(message, true);
    }
  }
  async function rollback(id) {
    const r = await api('POST', '/config/history/' + id + '/rollback');
    if (reportChange(r, 'Rollback to ' + id)) {
      const message = $('config-status').textContent;
      await loadConfig();
      status(message, true);
    }
  }

  // ---- simulate
  async function simulate(event) {
    event.preventDefault();
    const headers = {};
    $('sim-headers').value.split('\n').forEach(line => {
      const i = line.indexOf(':');
      if (i > 0) headers[line.substring(0, i).trim()] = line.substring(i + 1).trim();
    });
    const r = await api('POST', '/simulate', {
      method: $('sim-method').value, path: $('sim-path').value, headers, token: $('sim-token').value,
      client_ip: $('sim-client-ip').value, client_region: $('sim-client-region').value
    });
    const dl = $('sim-result');
    dl.replaceChildren();
    const add = (term, value) => {
      const dt = document.createElement('dt'); dt.textContent = term;
      const dd = document.createElement('dd'); dd.textContent = value === null || value === undefined ? '-' : value;
      dl.append(dt, dd);
    };
    if (r.status !== 200) { add('Error', r.json.detail); $('sim-endpoint-table').hidden = true; return; }
    const x = r.json.explanation;
    const table = $('sim-endpoint-table');
    add('Path', x.path + (x.pathRefusal ? ' (refused: ' + x.pathRefusal + ')' : ''));
    add('Route', x.route);
    add('Routing', x.routing);
    add('Authentication', x.authentication ? x.authentication.outcome + ' (' + x.authentication.method + '): '
      + x.authentication.detail + (x.authentication.subject ? ' — subject ' + x.authentication.subject : '') : null);
    add('Authorization', x.authorization ? x.authorization.outcome + ' — ' + x.authorization.reason
      + (x.authorization.rule ? ' (rule ' + (x.authorization.policy ? x.authorization.policy + '/' : '') + x.authorization.rule + ')' : '') : null);
    add('Rate limits', r.json.rate_limits.map(l => l.policy + ' by ' + l.key.join(' + ')).join('; ') || 'none');
    add('Upstream', x.upstream);
    const e = x.endpoint;
    if (e) {
      if (e.upstreamChoice) add('Upstream choice', (e.upstream ? e.upstream + ': ' : '') + e.upstreamChoice);
      add('Endpoint', (e.endpoint ? e.endpoint : e.outcome === 'one-of' ? 'one of the candidates below'
        : e.outcome) + ' — ' + e.reason);
      fill('sim-endpoint-table', e.tiers, ['name', t => Math.round(t.share * 1000) / 10 + '%',
        t => t.candidates.map(c => c.url + (c.inFlight === null ? '' : ' (' + c.inFlight + ' in flight)')).join(', ')]);
      table.hidden = false;
      if (e.excluded.length) add('Excluded', e.excluded.map(x => x.url + ' (' + x.reason + ')').join('; '));
    } else {
      table.hidden = true;
    }
    add('Status', x.status === 0 ? 'forwarded to the upstream' : x.status);
  }

  // ---- start
  async function start() {
    const me = await api('GET', '/me');
    if (me.status === 401) {
      $('signin').hidden = false;
      return;
    }
    if (me.status !== 200) {
      $('who').textContent = (me.json && me.json.detail) || ('HTTP ' + me.status);
      document.body.dataset.level = 'none';
      return;
    }
    state.level = me.json.level;
    document.body.dataset.level = state.level;
    $('who').textContent = me.json.name + ' (' + state.level + ')';
    $('sign-out').hidden = false;
    $('sign-out').onclick = () => {
      // A session ends at the login's logout path (and at the provider); a token is forgotten.
      sessionStorage.removeItem('portico-admin-token');
      if (me.json.logout_path) {
        window.location.href = me.json.logout_path;
      } else {
        window.location.reload();
      }
    };
    document.querySelectorAll('button.write').forEach(b => { b.disabled = state.level !== 'admin'; });
    show();
  }
  window.addEventListener('hashchange', show);
  $('yaml').addEventListener('input', () => renderGutter());
  $('yaml').addEventListener('scroll', () => { $('gutter').scrollTop = $('yaml').scrollTop; });
  $('validate').onclick = validate;
  $('diff').onclick = diff;
  $('apply').onclick = apply;
  $('reload-config').onclick = loadConfig;
  $('simulate-form').onsubmit = simulate;
  $('use-token').onclick = () => {
    sessionStorage.setItem('portico-admin-token', $('token').value);
    $('signin').hidden = true;
    start();
  };
  start();
})();
