// Prometei's shell around the Elsa Studio custom elements. It fetches a bearer token for the session, creates the element
// that this page shows with its attributes already set (the elements read them once, when they start), wires the elements'
// navigation callbacks to our URLs, and, on an instance's page, shows its incidents with Retry and Replay.
(function () {
  'use strict';

  const body = document.body;
  const page = body.dataset.page;
  const base = document.baseURI;                                      // ends with "/studio/"
  const remoteEndpoint = new URL('../elsa/api', base).href.replace(/\/+$/, ''); // never a trailing slash

  const urls = {
    definitions: () => base,
    editor: id => new URL(`workflows/definitions/${encodeURIComponent(id)}/edit`, base).href,
    instances: () => new URL('workflows/instances', base).href,
    viewer: id => new URL(`workflows/instances/${encodeURIComponent(id)}/view`, base).href,
    signIn: () => new URL(`signin?returnUrl=${encodeURIComponent(location.pathname + location.search)}`, base).href,
  };

  // The editor navigates with Blazor's router (history.pushState) after Run, to {base}workflows/instances/{id}/view, and no
  // router here renders that URL. Load the page the new URL names instead.
  const startPath = location.pathname;
  for (const method of ['pushState', 'replaceState']) {
    const original = history[method].bind(history);
    history[method] = function (state, title, url) {
      original(state, title, url);
      if (location.pathname !== startPath) {
        setTimeout(() => location.reload(), 0);
      }
    };
  }
  window.addEventListener('popstate', () => {
    if (location.pathname !== startPath) {
      location.reload();
    }
  });

  for (const link of document.querySelectorAll('[data-nav]')) {
    const section = page === 'instances' || page === 'viewer' ? 'instances' : 'definitions';
    link.classList.toggle('active', link.dataset.nav === section);
  }

  const elements = {
    definitions: { tag: 'elsa-workflow-definition-list', attributes: {} },
    editor: { tag: 'elsa-workflow-definition-editor', attributes: { 'definition-id': body.dataset.definitionId } },
    instances: { tag: 'elsa-workflow-instance-list', attributes: {} },
    viewer: { tag: 'elsa-workflow-instance-viewer', attributes: { 'instance-id': body.dataset.instanceId } },
  };

  async function fetchToken() {
    const response = await fetch(new URL('api/token', base), { credentials: 'same-origin', cache: 'no-store' });
    if (response.status === 401) {
      location.assign(urls.signIn());
      return null;
    }
    if (!response.ok) {
      throw new Error(`The session token could not be issued (HTTP ${response.status}).`);
    }
    return (await response.json()).accessToken;
  }

  function showLoadError(message) {
    const box = document.getElementById('prometei-load-error');
    box.textContent = message;
    box.hidden = false;
  }

  async function findMissing(token) {
    const probes = {
      editor: [`workflow-definitions/by-definition-id/${encodeURIComponent(body.dataset.definitionId)}?versionOptions=Latest`,
        `There is no workflow definition "${body.dataset.definitionId}".`],
      viewer: [`workflow-instances/${encodeURIComponent(body.dataset.instanceId)}`,
        `There is no workflow instance "${body.dataset.instanceId}".`],
    };
    if (!probes[page]) {
      return null;
    }
    const [path, message] = probes[page];
    const response = await fetch(`${remoteEndpoint}/${path}`, { headers: { Authorization: `Bearer ${token}` } });
    return response.status === 404 ? message : null;
  }

  async function mountElement(token) {
    const spec = elements[page];
    const element = document.createElement(spec.tag);
    element.setAttribute('remote-endpoint', remoteEndpoint);
    element.setAttribute('access-token', token);
    for (const [name, value] of Object.entries(spec.attributes)) {
      element.setAttribute(name, value);
    }
    document.getElementById('prometei-host').appendChild(element);

    await customElements.whenDefined(spec.tag);
    if (page === 'definitions' || page === 'viewer') {
      element.editWorkflowDefinition = id => location.assign(urls.editor(id));
    }
    if (page === 'instances') {
      element.viewWorkflowInstance = id => location.assign(urls.viewer(id));
    }
  }

  // The instance panel: status, incidents, Retry (faulted activities) and Replay (a new linked instance).
  function instancePanel(token) {
    const id = body.dataset.instanceId;
    const api = path => `${remoteEndpoint}/workflow-instances/${encodeURIComponent(id)}${path}`;
    const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    const $ = elementId => document.getElementById(elementId);
    const retry = $('prometei-retry');
    const replay = $('prometei-replay');
    const message = $('prometei-panel-message');

    function say(text, isError) {
      message.textContent = text;
      message.classList.toggle('error', Boolean(isError));
    }

    async function load() {
      const response = await fetch(api(''), { headers });
      if (!response.ok) {
        say(`The instance could not be read (HTTP ${response.status}).`, true);
        return;
      }
      const instance = await response.json();
      const state = instance.workflowState || {};
      const incidents = state.incidents || [];
      const status = `${instance.status} · ${instance.subStatus}`;
      const statusBox = $('prometei-instance-status');
      statusBox.textContent = status;
      statusBox.className = 'prometei-status ' + String(instance.subStatus || '').toLowerCase();
      $('prometei-instance-id').textContent = id;
      const replayOf = (state.properties || {}).replayOf;
      if (replayOf) {
        const link = $('prometei-replay-of-link');
        link.textContent = replayOf;
        link.href = urls.viewer(replayOf);
        $('prometei-replay-of').hidden = false;
      }
      $('prometei-incident-count').textContent = String(incidents.length);
      const list = $('prometei-incident-list');
      list.replaceChildren(...incidents.map(incident => {
        const item = document.createElement('li');
        const where = document.createElement('code');
        where.textContent = incident.activityId || incident.activityNodeId || '';
        item.append(where, ` ${incident.activityType || ''}: ${incident.message || ''} `);
        const when = document.createElement('small');
        when.textContent = incident.timestamp ? new Date(incident.timestamp).toLocaleString() : '';
        item.append(when);
        return item;
      }));
      $('prometei-incidents').hidden = incidents.length === 0;
      $('prometei-incidents').open = instance.subStatus === 'Faulted';
      retry.disabled = instance.subStatus !== 'Faulted';
      $('prometei-instance-panel').hidden = false;
      fitElementBelowPanel();
    }

    // The element sizes itself as 100vh minus --mud-appbar-height: count our panel in that height, as it opens and closes.
    function fitElementBelowPanel() {
      const height = document.querySelector('.prometei-bar').offsetHeight + $('prometei-instance-panel').offsetHeight;
      document.documentElement.style.setProperty('--mud-appbar-height', `${height}px`);
    }
    $('prometei-incidents').addEventListener('toggle', fitElementBelowPanel);

    retry.addEventListener('click', async () => {
      retry.disabled = true;
      say('Retrying the faulted activities…');
      const response = await fetch(api('/retry'), { method: 'POST', headers });
      if (!response.ok) {
        say(`Retry was refused (HTTP ${response.status}).`, true);
        retry.disabled = false;
        return;
      }
      // The viewer stops polling once an instance has finished; reload so that it follows the retried run.
      location.reload();
    });

    replay.addEventListener('click', async () => {
      replay.disabled = true;
      say('Starting a replay…');
      const response = await fetch(api('/replay'), { method: 'POST', headers });
      if (!response.ok) {
        say(`Replay was refused (HTTP ${response.status}).`, true);
        replay.disabled = false;
        return;
      }
      const result = await response.json();
      location.assign(urls.viewer(result.workflowInstanceId));
    });

    return load().catch(error => say(error.message, true));
  }

  async function start() {
    if (!elements[page]) {
      return;
    }
    let token;
    try {
      token = await fetchToken();
    } catch (error) {
      showLoadError(error.message);
      return;
    }
    if (!token) {
      return;
    }
    // The editor and the viewer die on a 404 (Blazor's error bar, nothing else): say what is missing instead.
    const missing = await findMissing(token);
    if (missing) {
      showLoadError(missing);
      return;
    }
    if (page === 'editor' || page === 'viewer') {
      // Before the element starts, so that its first render of the canvas is already watched (see designer.js).
      window.prometeiDesigner?.start({ base, remoteEndpoint, token });
    }
    await mountElement(token);
    if (page === 'viewer') {
      await instancePanel(token);
    }
    if (page === 'instances') {
      instancesPanel(token);
    }
    if (page === 'definitions' || page === 'editor') {
      await flowsPanel();
    }
  }

  // Published workflows whose gateway flow is off (their vendors are not configured) and why: they do not start.
  async function flowsPanel() {
    const response = await fetch(new URL('api/flows', base), { credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) {
      return;
    }
    const answer = await response.json();
    const shown = page === 'editor' ? answer.off.filter(o => o.definitionId === body.dataset.definitionId) : answer.off;
    if (shown.length === 0) {
      return;
    }
    const list = document.getElementById('prometei-flows-off');
    for (const off of shown) {
      const item = document.createElement('li');
      item.dataset.definitionId = off.definitionId;
      item.textContent = `${off.name} (${off.definitionId}): ${off.reason}`;
      list.appendChild(item);
    }
    const panel = document.getElementById('prometei-flows-panel');
    panel.hidden = false;
    document.documentElement.style.setProperty('--mud-appbar-height',
      `${document.querySelector('.prometei-bar').offsetHeight + panel.offsetHeight}px`);
  }

  // The instance list's panel: retry every faulted instance at once (after an outage longer than the retry window).
  function instancesPanel(token) {
    const panel = document.getElementById('prometei-instances-panel');
    const button = document.getElementById('prometei-retry-faulted');
    const message = document.getElementById('prometei-instances-message');
    panel.hidden = false;
    document.documentElement.style.setProperty('--mud-appbar-height',
      `${document.querySelector('.prometei-bar').offsetHeight + panel.offsetHeight}px`);
    button.addEventListener('click', async () => {
      button.disabled = true;
      message.classList.remove('error');
      message.textContent = 'Retrying every faulted instance…';
      const response = await fetch(`${remoteEndpoint}/workflow-instances/retry-faulted`,
        { method: 'POST', headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
      button.disabled = false;
      if (!response.ok) {
        message.textContent = `Retry was refused (HTTP ${response.status}).`;
        message.classList.add('error');
        return;
      }
      const result = await response.json();
      message.textContent = `Retried ${result.workflowInstanceIds.length} faulted instance(s).`;
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
