// Prometei's touches on the Studio's flowchart designer (the editor and the viewer) and its toolbox, which Elsa Studio 3.8.2
// does not let a server configure:
// - a category icon and colour on every Prometei activity. The Studio takes icons from a map compiled into the app, keyed by
//   Elsa's type names, and draws a cube for every other type. We replace the cube's drawing (inside the Studio's own <svg>,
//   marked with data-prometei-category) on the canvas nodes and the toolbox items, from a MutationObserver: its callback runs
//   before the browser paints, so a re-render never shows the cube;
// - the whole flow fitted into the canvas when a flowchart opens (a definition, an instance, or a composite's body): the
//   Studio only centres it at 100 % (the viewer fits the model's sizes, which the nodes' HTML outgrows). Fitting never zooms
//   in beyond 100 %; it is redone while the drawing settles (nodes measured, badges, panels, the viewer's own zoom) until
//   the user wheels, presses, drops or types on the canvas; so a node added later does not re-zoom.
// The canvas comes from the Studio's designer module (designer.entry.js, an ES module that Blazor imports from the same URL,
// so both share one instance and its graphBindings: graph id -> X6 graph). Without it the page works as before.
(function () {
  'use strict';

  const strokes = 'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"';

  // The categories of the Prometei activities ([Activity("Prometei", category, ...)] in Activities/Integration).
  const categories = {
    amoCRM: {
      key: 'amocrm', color: '#2f6fdf',
      icon: `<g data-prometei-icon ${strokes}><circle cx="12" cy="8" r="4"/><path d="M4 21v-1a6 6 0 0 1 6-6h4a6 6 0 0 1 6 6v1"/></g>`,
    },
    Kaspi: {
      key: 'kaspi', color: '#e8412c',
      icon: `<g data-prometei-icon ${strokes}><path d="M6 7h12l1 14H5z"/><path d="M9 10V6a3 3 0 0 1 6 0v4"/></g>`,
    },
    ERP: {
      key: 'erp', color: '#0e9f6e',
      icon: `<g data-prometei-icon ${strokes}><rect x="5" y="4" width="14" height="17" rx="2"/><path d="M9 4V3h6v1"/><path d="M9 13l2 2 4-4"/></g>`,
    },
    Alerts: {
      key: 'alerts', color: '#d97706',
      icon: `<g data-prometei-icon ${strokes}><path d="M6 16v-5a6 6 0 0 1 12 0v5l2 2H4z"/><path d="M10 21h4"/></g>`,
    },
  };

  const fitSettleMs = 250;      // a graph is fitted once its nodes stopped changing (added, measured) for this long
  const fitPadding = 24;

  function start({ base, remoteEndpoint, token }) {
    const host = document.getElementById('prometei-host');
    const byType = new Map();         // Prometei type name -> category
    const byDisplayName = new Map();  // Prometei activity display name (the toolbox's text) -> category
    let graphBindings = null;
    const fits = new Map();           // graph id -> { graph, fitted: node ids, content: fitted drawing, timer, lastChange, userMoved }

    // Idempotent: the observer sees our own change too. Blazor re-rendering the icon brings the cube back; this undoes it.
    function paint(svg, category) {
      const painted = svg.dataset.prometeiCategory === category.key && svg.childElementCount === 1
        && svg.firstElementChild.hasAttribute('data-prometei-icon');
      if (!painted) {
        svg.innerHTML = category.icon;
        svg.dataset.prometeiCategory = category.key;
      }
    }

    function graphOf(element) {
      const container = element.closest('.graph-container');
      return container && graphBindings ? graphBindings[container.id]?.graph ?? null : null;
    }

    function decorateNodes() {
      for (const node of host.querySelectorAll('.x6-node[data-cell-id]')) {
        const cell = graphOf(node)?.getCellById(node.dataset.cellId);
        const category = byType.get(cell?.getData()?.type);
        if (!category) {
          continue;
        }
        // The node's icon: the one inside .activity-icon (the Studio's v2 wrapper), else the first icon of the activity.
        const svg = node.querySelector('.elsa-activity .activity-icon svg') ?? node.querySelector('.elsa-activity svg.mud-icon-root');
        if (svg) {
          paint(svg, category);
        }
        node.dataset.prometeiCategory = category.key;
      }
    }

    function decorateToolbox() {
      for (const item of host.querySelectorAll('[draggable="true"]')) {
        const category = byDisplayName.get(item.textContent.trim());
        const svg = category ? item.querySelector('svg.mud-icon-root') : null;
        if (svg) {
          paint(svg, category);
        }
      }
    }

    function fit(graphId) {
      const state = fits.get(graphId);
      const graph = graphBindings?.[graphId]?.graph;
      if (!state) {
        return;
      }
      state.timer = null;
      if (!graph || graph !== state.graph || !graph.container.isConnected) {
        fits.delete(graphId);
        return;
      }
      const wait = state.lastChange + fitSettleMs - performance.now();
      const canvas = graph.container.getBoundingClientRect();
      const content = contentOf(graph);
      if (wait > 0 || canvas.width === 0 || canvas.height === 0 || !content) {
        state.timer = setTimeout(() => fit(graphId), Math.max(wait, 50));
        return;
      }
      const scale = Math.min(1, Math.max(0.2, Math.min(
        (canvas.width - 2 * fitPadding) / content.width, (canvas.height - 2 * fitPadding) / content.height)));
      state.fitting = true;
      try {
        graph.zoomTo(scale);
        graph.translate((canvas.width - content.width * scale) / 2 - content.x * scale,
          (canvas.height - content.height * scale) / 2 - content.y * scale);
      } finally {
        state.fitting = false;
      }
      state.fitted = new Set(graph.getNodes().map(n => n.id));
      state.content = content;
      graph.container.dataset.prometeiFitted = String(Number(graph.container.dataset.prometeiFitted ?? 0) + 1);
    }

    // What is drawn, in the graph's own coordinates: every node and edge as the browser lays it out, so a node's HTML, its
    // badge and its port labels count where they reach past the node's model size (X6's own fit measures the model).
    function contentOf(graph) {
      let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
      for (const cell of graph.container.querySelectorAll('.x6-node, .x6-edge')) {
        const r = cell.getBoundingClientRect();
        if (r.width > 0 || r.height > 0) {
          left = Math.min(left, r.left); top = Math.min(top, r.top);
          right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom);
        }
      }
      if (left === Infinity) {
        return null;
      }
      const origin = graph.container.getBoundingClientRect();
      const scale = graph.zoom();
      const { tx, ty } = graph.translate();
      return {
        x: (left - origin.left - tx) / scale, y: (top - origin.top - ty) / scale,
        width: Math.max(1, (right - left) / scale), height: Math.max(1, (bottom - top) / scale),
      };
    }

    // The fitted view stays fitted while the drawing changes under it (badges and counts in the viewer, measured nodes).
    function refitChanged() {
      for (const [graphId, state] of fits) {
        if (state.timer || !state.content || state.userMoved || !state.graph.container.isConnected) {
          continue;
        }
        const now = contentOf(state.graph);
        const moved = now && ['x', 'y', 'width', 'height'].some(k => Math.abs(now[k] - state.content[k]) > 2);
        if (moved) {
          scheduleFit(graphId, state);
        }
      }
    }

    function scheduleFit(graphId, state) {
      state.lastChange = performance.now();
      state.timer ??= setTimeout(() => fit(graphId), fitSettleMs);
    }

    // A flowchart opens when the graph holds nodes none of which it held when last fitted (a first load, or another container).
    function watchGraphs() {
      if (!graphBindings) {
        return;
      }
      for (const [graphId, binding] of Object.entries(graphBindings)) {
        let state = fits.get(graphId);
        if (!state || state.graph !== binding.graph) {
          const fresh = { graph: binding.graph, fitted: new Set(), timer: null, lastChange: performance.now(), userMoved: false };
          state = fresh;
          fits.set(graphId, state);
          // The Studio measures each node after drawing it, the panels around the canvas settle after the flow is drawn, the
          // viewer zooms by itself once its data is in, and the window may be resized: fit again until the user takes the
          // view in hand (a wheel, a press, a drop or a key on the canvas).
          const changed = () => {
            if (fresh.timer || (fresh.content && !fresh.userMoved)) {
              scheduleFit(graphId, fresh);
            }
          };
          for (const type of ['wheel', 'pointerdown', 'drop', 'keydown']) {
            binding.graph.container.addEventListener(type, () => { fresh.userMoved = true; }, { capture: true, passive: true });
          }
          binding.graph.on('scale', () => fresh.fitting || changed());
          binding.graph.on('translate', () => fresh.fitting || changed());
          binding.graph.on('node:change:size', ({ node }) => {
            if (fresh.fitted.has(node.id)) {
              changed();
            }
          });
          new ResizeObserver(changed).observe(binding.graph.container);
        }
        const ids = binding.graph.getNodes().map(n => n.id);
        const opened = ids.length > 0 && !ids.some(id => state.fitted.has(id));
        if (opened) {
          state.fitted = new Set(ids);   // fit this set once, even if the user edits before it settles
          state.userMoved = false;
          scheduleFit(graphId, state);
        }
      }
    }

    function onChange() {
      decorateNodes();
      decorateToolbox();
      watchGraphs();
      refitChanged();
    }

    async function loadDescriptors() {
      const response = await fetch(`${remoteEndpoint}/descriptors/activities`,
        { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      for (const descriptor of (await response.json()).items ?? []) {
        const category = String(descriptor.typeName ?? '').startsWith('Prometei.') ? categories[descriptor.category] : null;
        if (category) {
          byType.set(descriptor.typeName, category);
          byDisplayName.set(descriptor.displayName ?? descriptor.name, category);
        }
      }
    }

    async function loadDesigner() {
      const module = await import(new URL('_content/Elsa.Studio.Workflows.Designer/designer.entry.js', base).href);
      graphBindings = module.graphBindings ?? null;
    }

    // The category's colour: the node's icon tile and the toolbox item's left border (the Studio sets both inline).
    const style = document.createElement('style');
    style.textContent = Object.values(categories).map(c =>
      `.activity-icon:has(> svg[data-prometei-category="${c.key}"]) { background-color: ${c.color} !important; }\n` +
      `.mud-paper[draggable="true"]:has(svg[data-prometei-category="${c.key}"]) { border-left-color: ${c.color} !important; }\n` +
      `[draggable="true"] svg[data-prometei-category="${c.key}"] { color: ${c.color}; }`).join('\n');
    document.head.appendChild(style);
    new MutationObserver(onChange).observe(host, { childList: true, subtree: true });
    const ready = [
      loadDescriptors().catch(error => console.warn('Prometei: no category icons, the activity descriptors could not be read:', error)),
      loadDesigner().catch(error => console.warn('Prometei: the flowchart is not fitted on open, the designer module did not load:', error)),
    ];
    return Promise.all(ready).then(onChange);
  }

  window.prometeiDesigner = { start, categories };
})();
