import { html, nothing } from 'lit';
import { Page, errorText } from '../page.js';
import { api, download } from '../api.js';
import { sunburst, svgOf, resize } from '../chart.js';

const OPERATIONS = {
  add: { fields: ['parent', 'name', 'description'], help: 'a new category under the parent (none: a new platform)' },
  rename: { fields: ['node', 'name', 'description'], help: 'a new name (and description) for the node' },
  move: { fields: ['node', 'parent'], help: 'the node and its children under another parent' },
  merge: { fields: ['node', 'into'], help: 'the node\'s labels and children go to another node' },
  delete: { fields: ['node'], help: 'a node that holds no label' },
};

/** Nested lists from nodes in depth-first order with their parent ids. */
function tree(nodes, parentId = null) {
  const children = nodes.filter((n) => (n.parentId ?? null) === parentId);
  return children.length ? html`<ul>${children.map((n) => html`<li data-node=${n.id}>${n.name}
    <span class="id">#${n.id}${n.labelable ? ' · labelable' : ''}</span>${tree(nodes, n.id)}</li>`)}</ul>` : nothing;
}

/** A round's shares (preorder, with depths) as the sunburst's nested data; counts at leaves, parents sum them. */
function sharesTree(shares) {
  const root = { children: [] };
  const path = [root];
  for (const s of shares) {
    const node = { name: s.name, questions: s.questions, share: s.share, children: [] };
    path.length = s.depth + 1;
    path[s.depth].children.push(node);
    path.push(node);
  }
  const prune = (nodes) => nodes.filter((n) => n.questions > 0).map((n) => {
    const children = prune(n.children);
    return children.length ? { name: n.name, questions: n.questions, children } : { name: n.name, questions: n.questions, value: n.questions };
  });
  return prune(root.children);
}

/** The taxonomy: its versions, the current tree, edits into a new version, and a round's shares as a sunburst. */
class TaxonomyPage extends Page {
  static properties = { me: {}, taxonomyId: {}, versions: { state: true }, nodes: { state: true },
    current: { state: true }, rounds: { state: true }, shares: { state: true }, op: { state: true },
    edited: { state: true }, error: { state: true } };

  constructor() {
    super();
    this.op = 'add';
  }

  async updated(changed) {
    if (changed.has('taxonomyId')) {
      await this.load();
    }
    const chart = this.querySelector('#shares-chart');
    if (this.shares && chart) {
      sunburst(chart, `Shares in round ${this.shares.round.name}`, sharesTree(this.shares.rows));
    }
  }

  connectedCallback() {
    super.connectedCallback();
    this.onResize = () => resize(this.querySelector('#shares-chart'));
    window.addEventListener('resize', this.onResize);
  }

  disconnectedCallback() {
    window.removeEventListener('resize', this.onResize);
    super.disconnectedCallback();
  }

  async load() {
    try {
      this.versions = await api('/api/taxonomy/taxonomies');
      const id = this.taxonomyId || this.versions[0]?.id;
      if (!id) {
        return;
      }
      this.current = await api(`/api/taxonomy/taxonomies/${encodeURIComponent(id)}`);
      this.nodes = await api(`/api/taxonomy/taxonomies/${encodeURIComponent(id)}/nodes`);
      const canSeeShares = this.me.roles.some((r) => ['admin', 'researcher', 'reader'].includes(r));
      this.rounds = canSeeShares
        ? (await api('/api/taxonomy/rounds')).filter((r) => r.kind === 'CATEGORY' && r.taxonomyId === id) : [];
    } catch (error) {
      this.error = errorText(error);
    }
  }

  async showShares(event) {
    const round = this.rounds.find((r) => r.id === event.target.value);
    this.shares = null;
    if (!round) {
      return;
    }
    try {
      this.shares = { round, rows: await api(`/api/taxonomy/rounds/${round.id}/shares`) };
    } catch (error) {
      this.error = errorText(error);
    }
  }

  async edit(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const operation = { op: this.op };
    for (const field of OPERATIONS[this.op].fields) {
      if (form.get(field)) {
        operation[field] = form.get(field);
      }
    }
    this.error = null;
    try {
      this.edited = await api(`/api/taxonomy/taxonomies/${encodeURIComponent(this.current.id)}/edits`,
        { method: 'POST', body: { basedOn: this.current.version, operations: [operation] } });
      event.target.reset();
      this.op = 'add';
      await this.load();
    } catch (error) {
      this.error = errorText(error);
    }
  }

  /** Another operation starts from empty fields: what was typed for one must not leak into another. */
  clearFields(form) {
    for (const element of form.elements) {
      if (element.id !== 'edit-op' && (element.tagName === 'INPUT' || element.tagName === 'SELECT')) {
        element.value = element.tagName === 'SELECT' ? element.options[0]?.value ?? '' : '';
      }
    }
  }

  editForm() {
    const nodeSelect = (field, label, optional) => html`<label for="edit-${field}">${label}</label>
      <select id="edit-${field}" name=${field} ?required=${!optional}>
        ${optional ? html`<option value="">(none: top level)</option>` : nothing}
        ${this.nodes.map((n) => html`<option value=${n.id}>${n.path}</option>`)}</select>`;
    const fields = {
      node: nodeSelect('node', 'Node', false),
      parent: nodeSelect('parent', 'Parent', true),
      into: nodeSelect('into', 'Merge into', false),
      name: html`<label for="edit-name">Name</label><input id="edit-name" name="name" ?required=${this.op === 'add'}>`,
      description: html`<label for="edit-description">Description</label><input id="edit-description" name="description">`,
    };
    return html`<form id="edit" @submit=${this.edit}>
      <h2>Edit into a new version</h2>
      <div class="form-grid">
        <label for="edit-op">Operation</label>
        <select id="edit-op" @change=${(e) => { this.op = e.target.value; this.clearFields(e.target.form); }}>
          ${Object.keys(OPERATIONS).map((op) => html`<option value=${op} ?selected=${op === this.op}>${op}</option>`)}</select>
        ${OPERATIONS[this.op].fields.map((f) => fields[f])}
      </div>
      <p class="hint">${this.op}: ${OPERATIONS[this.op].help}. Labels follow their nodes; the rounds move to the new version.</p>
      <button id="apply-edit">Publish version ${this.current.version + 1}</button>
      ${this.edited ? html`<p role="status" id="edited">Version ${this.edited.version.version}: ${this.edited.changes.join('; ')};
        ${this.edited.roundsMoved} rounds moved.</p>` : nothing}
    </form>`;
  }

  render() {
    if (!this.versions) {
      return this.error ? html`<p role="alert" class="error">${this.error}</p>` : html`<p class="status">Loading…</p>`;
    }
    const t = this.current;
    const editor = this.me.roles.some((r) => ['admin', 'researcher'].includes(r));
    return html`
      <h1>Taxonomy${t ? html` ${t.name ?? t.id} <small>${t.id}, version ${t.version}</small>` : nothing}</h1>
      ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : nothing}
      <section id="taxonomy-versions"><h2>Versions</h2>
        <table><thead><tr><th scope="col">Taxonomy</th><th scope="col">Version</th><th scope="col">Source</th>
          <th scope="col">Published</th></tr></thead>
          <tbody>${this.versions.map((v) => html`<tr><td><a href="#/taxonomies/${encodeURIComponent(v.id)}">${v.name ?? v.id}</a></td>
            <td class="number">${v.version}</td><td>${v.source ?? ''}</td><td>${v.publishedAt}</td></tr>`)}</tbody></table>
      </section>
      ${t && this.nodes ? html`
        <section id="taxonomy-tree" class="tree"><h2>The tree of version ${t.version}</h2>${tree(this.nodes)}</section>
        ${editor ? this.editForm() : nothing}
        ${this.rounds?.length ? html`<section id="shares"><h2>Shares per platform</h2>
          <label for="shares-round">Round</label> <select id="shares-round" @change=${this.showShares}>
            <option value="">choose a round</option>
            ${this.rounds.map((r) => html`<option value=${r.id}>${r.name}</option>`)}</select>
          ${this.shares ? html`<div id="shares-chart" class="chart tall" role="img"
              aria-label="Shares of the round's finally labeled questions per platform and category, as in the table below"></div>
            <p><button @click=${() => download(`shares-${this.shares.round.id}.svg`, 'image/svg+xml',
              svgOf(this.querySelector('#shares-chart')))}>Download chart (SVG)</button>
              <button @click=${async () => download(`shares-${this.shares.round.id}.csv`, 'text/csv',
                await api(`/api/taxonomy/rounds/${this.shares.round.id}/shares`, { accept: 'text/csv' }))}>Download data (CSV)</button></p>
            <table id="shares-table"><thead><tr><th scope="col">Platform</th><th scope="col">Category</th>
              <th scope="col">Questions</th><th scope="col">Share of platform</th></tr></thead>
              <tbody>${this.shares.rows.filter((s) => s.questions > 0).map((s) => html`<tr><td>${s.platform}</td>
                <td>${'· '.repeat(s.depth)}${s.name}</td><td class="number">${s.questions}</td>
                <td class="number">${s.share == null ? '–' : (100 * s.share).toFixed(1) + ' %'}</td></tr>`)}</tbody></table>`
            : nothing}
        </section>` : nothing}` : html`<p>No taxonomy is stored yet.</p>`}`;
  }
}

customElements.define('so-taxonomy-page', TaxonomyPage);
