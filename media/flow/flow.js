// The check-flow webview: form, step cards, STH values as a table and an SVG chart, and this session's runs.
// Every text from a server goes in with textContent, never as HTML.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');
  const SVG = 'http://www.w3.org/2000/svg';
  const FIELDS = ['orionUrl', 'cometUrl', 'service', 'servicePath', 'entityId', 'entityType', 'reference', 'lastN'];
  /** Runs kept in the webview's state (newest last), bounded so the state stays small. */
  const MAX_RUNS = 10;
  let state = vscode.getState() || { form: undefined, runs: [] };
  let strings = {};
  let current = undefined;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function save() {
    vscode.setState(state);
  }

  function readForm() {
    const form = {};
    for (const k of FIELDS) form[k] = document.getElementById('f-' + k).value;
    form.subscription = document.getElementById('f-subscription').value;
    return form;
  }

  function renderForm(form) {
    const box = el('form', 'flow-form');
    box.id = 'flow-form';
    for (const k of FIELDS) {
      const label = el('label', 'field');
      label.appendChild(el('span', 'field-name', strings[k] || k));
      const input = el('input');
      input.id = 'f-' + k;
      input.value = form[k] || '';
      input.addEventListener('change', () => { state.form = readForm(); save(); });
      label.appendChild(input);
      box.appendChild(label);
    }
    const label = el('label', 'field');
    label.appendChild(el('span', 'field-name', strings.subscription || 'Subscription'));
    const select = el('select');
    select.id = 'f-subscription';
    for (const [value, text] of [['auto', strings.auto || 'auto'], ['v1', 'NGSI v1 (subscribeContext)'], ['v2', 'NGSI v2 (attrsFormat legacy)']]) {
      const option = el('option', undefined, text);
      option.value = value;
      option.selected = form.subscription === value;
      select.appendChild(option);
    }
    select.addEventListener('change', () => { state.form = readForm(); save(); });
    label.appendChild(select);
    box.appendChild(label);
    const run = el('button', 'run', strings.run || 'Run');
    run.id = 'run';
    run.type = 'submit';
    box.appendChild(run);
    box.addEventListener('submit', (e) => {
      e.preventDefault();
      state.form = readForm();
      save();
      vscode.postMessage({ type: 'run', form: state.form });
    });
    return box;
  }

  function renderExchange(title, head, headers, body) {
    const details = el('details', 'exchange');
    details.appendChild(el('summary', undefined, title + ': ' + head));
    const pre = el('pre');
    const lines = Object.keys(headers || {}).map((k) => k + ': ' + headers[k]);
    pre.textContent = lines.join('\n') + (body ? '\n\n' + body : '');
    details.appendChild(pre);
    return details;
  }

  function renderStep(step) {
    const card = el('section', 'step ' + (step.ok ? 'ok' : 'bad'));
    card.dataset.step = step.name;
    const head = el('header');
    head.appendChild(el('span', 'mark', step.ok ? '✔' : '✖'));
    head.appendChild(el('span', 'name', step.name));
    const answer = step.error ? step.error : step.response ? String(step.response.status) : strings.noAnswer || 'no answer';
    head.appendChild(el('span', 'answer', answer));
    head.appendChild(el('span', 'time', step.durationMs + ' ms' + (step.attempts > 1 ? ', ' + step.attempts + ' ' + (strings.polls || 'polls') : '')));
    const copy = el('button', 'copy', strings.copyCurl || 'Copy as curl');
    copy.type = 'button';
    copy.addEventListener('click', () => vscode.postMessage({ type: 'copy', text: String(step.curl || '') }));
    head.appendChild(copy);
    card.appendChild(head);
    card.appendChild(renderExchange(strings.request || 'Request', step.request.method + ' ' + step.request.url, step.request.headers, step.request.body));
    if (step.response) card.appendChild(renderExchange(strings.response || 'Response', String(step.response.status), step.response.headers, step.response.body));
    return card;
  }

  function renderTable(values) {
    const table = el('table', 'values');
    table.id = 'values';
    const head = el('tr');
    for (const k of ['recvTime', 'attrType', 'attrValue']) head.appendChild(el('th', undefined, strings[k] || k));
    const thead = el('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    const tbody = el('tbody');
    for (const v of values) {
      const row = el('tr');
      row.appendChild(el('td', undefined, v.recvTime));
      row.appendChild(el('td', undefined, v.attrType));
      row.appendChild(el('td', undefined, typeof v.attrValue === 'string' ? v.attrValue : JSON.stringify(v.attrValue)));
      tbody.appendChild(row);
    }
    table.appendChild(tbody);
    return table;
  }

  /** A line through the numeric values, oldest left; our own SVG, no library. */
  function renderChart(values) {
    const points = values.map((v) => ({ t: Date.parse(v.recvTime), y: Number(v.attrValue) })).filter((p) => Number.isFinite(p.t) && Number.isFinite(p.y));
    const width = 480, height = 180, pad = 32;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.setAttribute('class', 'chart');
    svg.setAttribute('role', 'img');
    const label = document.createElementNS(SVG, 'title');
    label.textContent = strings.chart || 'Values over time';
    svg.appendChild(label);
    if (points.length === 0) return svg;
    const t0 = Math.min(...points.map((p) => p.t)), t1 = Math.max(...points.map((p) => p.t));
    let y0 = Math.min(...points.map((p) => p.y)), y1 = Math.max(...points.map((p) => p.y));
    if (y0 === y1) { y0 -= 1; y1 += 1; }
    const x = (t) => pad + (t1 === t0 ? (width - 2 * pad) / 2 : ((t - t0) / (t1 - t0)) * (width - 2 * pad));
    const y = (v) => height - pad - ((v - y0) / (y1 - y0)) * (height - 2 * pad);
    const axis = document.createElementNS(SVG, 'path');
    axis.setAttribute('d', 'M' + pad + ' ' + pad + ' V' + (height - pad) + ' H' + (width - pad));
    axis.setAttribute('class', 'axis');
    svg.appendChild(axis);
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', points.map((p) => x(p.t).toFixed(1) + ',' + y(p.y).toFixed(1)).join(' '));
    line.setAttribute('class', 'line');
    svg.appendChild(line);
    for (const p of points) {
      const dot = document.createElementNS(SVG, 'circle');
      dot.setAttribute('cx', x(p.t).toFixed(1));
      dot.setAttribute('cy', y(p.y).toFixed(1));
      dot.setAttribute('r', '4');
      dot.setAttribute('class', 'dot');
      const tip = document.createElementNS(SVG, 'title');
      tip.textContent = String(p.y);
      dot.appendChild(tip);
      svg.appendChild(dot);
      const text = document.createElementNS(SVG, 'text');
      text.setAttribute('x', x(p.t).toFixed(1));
      text.setAttribute('y', (y(p.y) - 8).toFixed(1));
      text.setAttribute('class', 'label');
      text.textContent = String(p.y);
      svg.appendChild(text);
    }
    for (const [v, yy] of [[y1, y(y1)], [y0, y(y0)]]) {
      const t = document.createElementNS(SVG, 'text');
      t.setAttribute('x', '2');
      t.setAttribute('y', (yy + 4).toFixed(1));
      t.setAttribute('class', 'tick');
      t.textContent = String(Math.round(v * 100) / 100);
      svg.appendChild(t);
    }
    return svg;
  }

  function renderVerdict(result) {
    const box = el('section', 'verdict ' + (result.ok ? 'ok' : 'bad'));
    box.id = 'verdict';
    box.appendChild(el('h2', undefined, result.ok ? strings.passed : strings.failed));
    for (const e of result.explanations || []) {
      const item = el('div', 'cause');
      item.dataset.code = e.code;
      item.appendChild(el('h3', undefined, e.summary));
      item.appendChild(el('p', undefined, (strings.evidence || 'Evidence') + ': ' + e.evidence));
      item.appendChild(el('p', undefined, (strings.fix || 'Fix') + ': ' + e.fix));
      item.appendChild(el('p', 'ref', (strings.item || '{0}').replace('{0}', String(e.item))));
      box.appendChild(item);
    }
    return box;
  }

  function renderRun(run) {
    const box = el('div', 'run-view');
    box.id = 'run-view';
    for (const step of run.steps || []) box.appendChild(renderStep(step));
    if (run.result) {
      box.appendChild(renderVerdict(run.result));
      box.appendChild(el('h2', undefined, strings.values || 'Values'));
      if (run.result.values.length === 0) box.appendChild(el('p', 'empty', strings.noValues));
      else {
        box.appendChild(renderTable(run.result.values));
        box.appendChild(renderChart(run.result.values));
      }
    } else if (run.error) {
      box.appendChild(el('p', 'error', (strings.error || '{0}').replace('{0}', run.error)));
    } else {
      box.appendChild(el('p', 'busy', strings.running || 'Running...'));
    }
    return box;
  }

  function renderRuns() {
    const box = el('aside', 'runs');
    box.appendChild(el('h2', undefined, strings.runs || 'Runs'));
    const list = el('ol');
    state.runs.forEach((run, i) => {
      const item = el('li');
      const button = el('button', 'run-link', (run.result ? (run.result.ok ? '✔ ' : '✖ ') : '… ') + run.form.entityId + ' @ ' + run.form.orionUrl + ' (' + (run.startedAt || '') + ')');
      button.type = 'button';
      button.addEventListener('click', () => { current = i; draw(); });
      item.appendChild(button);
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function draw() {
    app.replaceChildren();
    app.appendChild(el('h1', undefined, strings.title || ''));
    app.appendChild(renderForm(state.form || {}));
    const run = current !== undefined ? state.runs[current] : state.runs[state.runs.length - 1];
    if (run) app.appendChild(renderRun(run));
    if (state.runs.length) app.appendChild(renderRuns());
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m.type !== 'string') return;
    if (m.type === 'init' && m.form && m.strings) {
      strings = m.strings;
      state.form = state.form || m.form;
    } else if (m.type === 'started' && typeof m.runId === 'number') {
      state.runs.push({ id: m.runId + ':' + Date.now(), runId: m.runId, form: m.form, steps: [], startedAt: new Date().toLocaleTimeString() });
      state.runs = state.runs.slice(-MAX_RUNS);
      current = undefined;
    } else if (m.type === 'step' && m.step) {
      const run = state.runs[state.runs.length - 1];
      if (run && run.runId === m.runId) run.steps.push(m.step);
    } else if (m.type === 'finished' && m.result) {
      const run = state.runs[state.runs.length - 1];
      if (run && run.runId === m.runId) { run.steps = m.result.steps; run.result = m.result; }
    } else if (m.type === 'failed') {
      const run = state.runs[state.runs.length - 1];
      if (run && run.runId === m.runId) run.error = String(m.message);
    } else {
      return;
    }
    save();
    draw();
  });

  vscode.postMessage({ type: 'ready' });
})();
