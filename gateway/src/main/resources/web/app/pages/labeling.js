import { html, nothing } from 'lit';
import { Page, errorText, onlyRater } from '../page.js';
import { api } from '../api.js';
import { questionView } from './question.js';

/** The caller's own labels of an assignment (none until labeled). */
function own(assignment) {
  return assignment.labels ?? [];
}

/** The labels a question can get in a round: the taxonomy's labelable nodes, or KEEP and DROP. */
async function choicesOf(round) {
  if (round.kind === 'RELEVANCE') {
    return [{ id: 'KEEP', path: 'KEEP: a member of the set' }, { id: 'DROP', path: 'DROP: not a member' }];
  }
  const nodes = await api(`/api/taxonomy/taxonomies/${encodeURIComponent(round.taxonomyId)}/nodes`);
  return [...nodes.filter((n) => n.labelable).map((n) => ({ id: n.id, path: n.path })),
    { id: 'FALSE_POSITIVE', path: 'FALSE_POSITIVE: not about deployment' }, { id: 'UNCLEAR', path: 'UNCLEAR' }];
}

/** Type to search, arrows to move, Enter to pick: the category picker of the labeling loop and of arbitration. */
let pickers = 0;

/**
 * Type to search, arrows to move, Enter to pick: the category picker of the labeling loop and of arbitration. Enter
 * picks only what the user searched or moved to, never the first category of an untouched list. `[` and `]` in the
 * search box step to the previous or next question (no category name holds them).
 */
class CategoryPicker extends Page {
  static properties = { choices: {}, query: { state: true }, active: { state: true }, moved: { state: true },
    label: {} };

  constructor() {
    super();
    this.uid = `picker-${++pickers}`;
    this.query = '';
    this.active = 0;
    this.moved = false;
  }

  matches() {
    const words = this.query.toLowerCase().split(/\s+/).filter(Boolean);
    return (this.choices ?? []).filter((c) => words.every((w) => c.path.toLowerCase().includes(w))).slice(0, 12);
  }

  chosen() {
    return this.moved || this.query.trim() !== '' ? this.matches()[this.active] : undefined;
  }

  pick(choice) {
    this.dispatchEvent(new CustomEvent('picked', { detail: choice, bubbles: true }));
    this.query = '';
    this.active = 0;
    this.moved = false;
  }

  keydown(event) {
    const matches = this.matches();
    if (event.key === 'ArrowDown') {
      this.active = this.moved ? Math.min(this.active + 1, matches.length - 1) : 0;
      this.moved = true;
      event.preventDefault();
    } else if (event.key === 'ArrowUp') {
      this.active = Math.max(this.active - 1, 0);
      this.moved = true;
      event.preventDefault();
    } else if (event.key === 'Enter') {
      if (this.chosen()) {
        this.pick(this.chosen());
      }
      event.preventDefault();
    } else if (event.key === '[' || event.key === ']') {
      this.dispatchEvent(new CustomEvent('step', { detail: event.key === ']' ? 1 : -1, bubbles: true }));
      event.preventDefault();
    }
  }

  render() {
    const matches = this.matches();
    const chosen = this.chosen();
    const id = (i) => `${this.uid}-choice-${i}`;
    // an ARIA combobox: focus stays in the input, the options are pointed at with aria-activedescendant
    return html`
      <label for="${this.uid}-search">${this.label ?? 'Category'} (type to search, ↑ ↓ to choose, Enter to label)</label>
      <input id="${this.uid}-search" class="category-search" type="search" autocomplete="off" role="combobox"
        aria-expanded="true" aria-autocomplete="list" aria-controls="${this.uid}-choices"
        aria-activedescendant=${chosen ? id(this.active) : nothing} .value=${this.query}
        @input=${(e) => { this.query = e.target.value; this.active = 0; }} @keydown=${this.keydown}>
      <ul id="${this.uid}-choices" role="listbox" class="choices" tabindex="-1" aria-label="Matching categories">
        ${matches.map((c, i) => html`<li role="option" id=${id(i)} aria-selected=${chosen !== undefined && i === this.active}
          class="choice ${chosen !== undefined && i === this.active ? 'active' : ''}" data-label=${c.id}
          @click=${() => this.pick(c)}>${c.path}</li>`)}
      </ul>`;
  }
}

class RoundsPage extends Page {
  static properties = { me: {}, rounds: { state: true }, error: { state: true } };

  async connectedCallback() {
    super.connectedCallback();
    try {
      this.rounds = await api(`/api/taxonomy/rounds${onlyRater(this.me) ? '?mine=true' : ''}`);
    } catch (error) {
      this.error = errorText(error);
    }
  }

  render() {
    if (this.error) {
      return html`<p role="alert" class="error">${this.error}</p>`;
    }
    const me = this.me.user;
    const researcher = this.me.roles.some((r) => ['admin', 'researcher'].includes(r));
    return html`<h1>Labeling rounds</h1>
      ${researcher ? html`<p><a class="button" id="new-round" href="#/rounds/new">New round</a></p>` : nothing}
      ${!this.rounds ? html`<p class="status">Loading…</p>` : html`<table id="rounds">
        <thead><tr><th scope="col">Round</th><th scope="col">Set</th><th scope="col">Raters</th>
          <th scope="col">Arbitrator</th><th scope="col">Drawn from</th><th scope="col"></th></tr></thead>
        <tbody>${this.rounds.map((r) => html`<tr data-round=${r.id}>
          <td>${r.name}</td><td>${r.studyId} ${r.setId}</td><td>${r.raterA}, ${r.raterB}</td><td>${r.arbitrator}</td>
          <td class="number">${r.population} questions</td>
          <td>${[r.raterA, r.raterB].includes(me) ? html`<a class="label-link" href="#/rounds/${r.id}/label">Label</a> ` : nothing}
            <a class="round-link" href="#/rounds/${r.id}">${r.arbitrator === me ? 'Arbitrate' : 'Overview'}</a></td>
        </tr>`)}</tbody></table>`}`;
  }
}

class LabelPage extends Page {
  static properties = { roundId: {}, me: {}, round: { state: true }, assignments: { state: true },
    index: { state: true }, question: { state: true }, choices: { state: true }, error: { state: true },
    saved: { state: true } };

  async connectedCallback() {
    super.connectedCallback();
    this.shortcuts = (event) => {
      if (event.target.tagName === 'INPUT' || event.target.tagName === 'TEXTAREA') {
        return;
      }
      if (event.key === ']') {
        this.move(1);
      } else if (event.key === '[') {
        this.move(-1);
      } else if (event.key === '/') {
        this.querySelector('.category-search')?.focus();
        event.preventDefault();
      }
    };
    window.addEventListener('keydown', this.shortcuts);
    try {
      this.round = await api(`/api/taxonomy/rounds/${this.roundId}`);
      this.choices = await choicesOf(this.round);
      await this.reload();
      const open = this.assignments.findIndex((a) => own(a).length === 0);
      await this.show(open < 0 ? 0 : open);
    } catch (error) {
      this.error = errorText(error);
    }
  }

  disconnectedCallback() {
    window.removeEventListener('keydown', this.shortcuts);
    super.disconnectedCallback();
  }

  async reload() {
    this.assignments = await api(`/api/taxonomy/rounds/${this.roundId}/assignments`);
  }

  async show(index) {
    this.index = index;
    this.question = null;
    this.saved = null;
    const a = this.assignments[index];
    this.question = await api(`/api/ingest/questions/${encodeURIComponent(a.site)}/${a.postId}`);
    await this.updateComplete;
    this.querySelector('.category-search')?.focus();
  }

  async move(step) {
    const next = this.index + step;
    if (next >= 0 && next < this.assignments.length) {
      await this.show(next);
    }
  }

  async label(labels, note) {
    const a = this.assignments[this.index];
    try {
      await api(`/api/taxonomy/rounds/${this.roundId}/items/${encodeURIComponent(a.site)}/${a.postId}/label`,
        { method: 'PUT', body: note ? { labels, note } : { labels } });
      await this.reload();
      this.saved = this.named(labels);
      const open = this.assignments.findIndex((x, i) => i > this.index && own(x).length === 0);
      if (open >= 0) {
        await this.show(open);
      }
    } catch (error) {
      this.error = errorText(error);
    }
  }

  /** Labels as people read them: the category's path, a skip as such. */
  named(labels) {
    return labels.map((id) => (id === 'PENDING' ? 'skipped' : this.choices?.find((c) => c.id === id)?.path ?? id)).join(', ');
  }

  skip() {
    const note = this.querySelector('#note').value.trim();
    this.label(['PENDING'], note || 'skipped');
  }

  render() {
    if (this.error) {
      return html`<p role="alert" class="error">${this.error}</p>`;
    }
    if (!this.assignments || this.index === undefined) {
      return html`<p class="status">Loading…</p>`;
    }
    const done = this.assignments.filter((a) => own(a).length > 0 && !own(a).includes('PENDING')).length;
    const a = this.assignments[this.index];
    return html`
      <p><a href="#/rounds">← Rounds</a></p>
      <h1 class="round-name">${this.round.name}</h1>
      <p id="progress" role="status">${done} of ${this.assignments.length} labeled · question ${this.index + 1}
        ${a.pilot ? '(pilot)' : ''}</p>
      <progress max=${this.assignments.length} value=${done} aria-label="Labeled"></progress>
      <p>Your label: <strong id="own-label">${own(a).length ? this.named(own(a)) : 'none yet'}</strong>
        ${this.saved ? html` · saved: <span id="saved">${this.saved}</span>` : nothing}</p>
      <so-category-picker .choices=${this.choices} @picked=${(e) => this.label([e.detail.id])}
        @step=${(e) => this.move(e.detail)}></so-category-picker>
      <p><label for="note">Note</label> <input id="note" type="text">
        <button id="skip" @click=${this.skip}>Skip with note</button>
        <button @click=${() => this.move(-1)} aria-keyshortcuts="[">Back</button>
        <button @click=${() => this.move(1)} aria-keyshortcuts="]">Next</button></p>
      <p class="hint">Keys: / search, Enter label and next, [ back, ] next.</p>
      ${this.question ? questionView(this.question) : html`<p class="status">Loading the question…</p>`}`;
  }
}

/** Kappas with their 95 % intervals, one row per group; undefined ones (a single category for both) as a dash. */
function kappaTable(id, caption, rows) {
  const number = (v) => (v == null ? '–' : v.toFixed(3));
  return rows.length ? html`<table id=${id}><caption>${caption}</caption>
    <thead><tr><th scope="col"></th><th scope="col">Questions</th><th scope="col">Kappa</th>
      <th scope="col">95 % interval</th><th scope="col">Observed</th></tr></thead>
    <tbody>${rows.map(([name, k]) => html`<tr><td>${name}${k ? '' : ' (undefined: one answer from both raters)'}</td>
      <td class="number">${k?.items ?? '–'}</td>
      <td class="number">${number(k?.kappa)}</td><td class="number">${k ? `${number(k.low)} to ${number(k.high)}` : '–'}</td>
      <td class="number">${number(k?.observed)}</td></tr>`)}</tbody></table>` : nothing;
}

class RoundPage extends Page {
  static properties = { roundId: {}, me: {}, round: { state: true }, agreement: { state: true },
    disagreements: { state: true }, shares: { state: true }, choices: { state: true }, error: { state: true } };

  async connectedCallback() {
    super.connectedCallback();
    await this.load();
  }

  async load() {
    try {
      this.round = await api(`/api/taxonomy/rounds/${this.roundId}`);
      this.choices = await choicesOf(this.round);
      const arbitrating = this.round.arbitrator === this.me.user;
      const overseeing = this.me.roles.some((r) => ['admin', 'researcher', 'reader'].includes(r));
      this.disagreements = arbitrating || overseeing
        ? await api(`/api/taxonomy/rounds/${this.roundId}/disagreements`) : [];
      if (overseeing) {
        this.agreement = await api(`/api/taxonomy/rounds/${this.roundId}/agreement`);
        this.shares = await api(`/api/taxonomy/rounds/${this.roundId}/shares`).catch(() => null);
      }
    } catch (error) {
      this.error = errorText(error);
    }
  }

  async decide(item, choice) {
    try {
      await api(`/api/taxonomy/rounds/${this.roundId}/items/${encodeURIComponent(item.site)}/${item.postId}/decision`,
        { method: 'PUT', body: { labels: [choice.id] } });
      await this.load();
    } catch (error) {
      this.error = errorText(error);
    }
  }

  render() {
    if (this.error) {
      return html`<p role="alert" class="error">${this.error}</p>`;
    }
    if (!this.round) {
      return html`<p class="status">Loading…</p>`;
    }
    const k = this.agreement?.overall;
    const path = (id) => this.choices?.find((c) => c.id === id)?.path ?? id;
    return html`
      <p><a href="#/rounds">← Rounds</a></p>
      <h1>${this.round.name}</h1>
      <p>${this.round.kind} round of set ${this.round.setId} of ${this.round.studyId}; raters ${this.round.raterA} and
        ${this.round.raterB}, arbitrator ${this.round.arbitrator}; seed ${this.round.seed}.</p>
      ${k ? html`<section id="agreement"><h2>Agreement</h2>
        <p>Labeled by both: <span id="labeled-by-both">${this.agreement.labeledByBoth}</span>.
          Cohen's kappa <strong id="kappa">${k.kappa?.toFixed(3) ?? '–'}</strong>
          (95 % interval ${k.low?.toFixed(3) ?? '–'} to ${k.high?.toFixed(3) ?? '–'}), observed agreement
          ${k.observed?.toFixed(3) ?? '–'}.</p>
        ${kappaTable('per-platform', 'Per platform', Object.entries(this.agreement.perPlatform ?? {}))}
        ${kappaTable('per-category', 'Per category, one against the rest', Object.entries(this.agreement.categoryAgreement ?? {})
          .map(([id, kappa]) => [this.agreement.categoryPaths?.[id] ?? id, kappa]))}</section>` : nothing}
      <section id="disagreements"><h2>Disagreements to settle</h2>
        ${(this.disagreements ?? []).length === 0 ? html`<p>None.</p>` : (this.disagreements ?? []).map((d) => html`
          <article class="disagreement" data-post=${d.postId}>
            <h3><a href="#/questions/${encodeURIComponent(d.site)}/${d.postId}">${d.site} ${d.postId}</a></h3>
            <div class="side-by-side"><p>Rater A: ${(d.a ?? []).map(path).join(', ')}</p>
              <p>Rater B: ${(d.b ?? []).map(path).join(', ')}</p></div>
            ${this.round.arbitrator === this.me.user ? html`<so-category-picker label="Decision" .choices=${this.choices}
              @picked=${(e) => this.decide(d, e.detail)}></so-category-picker>` : nothing}
          </article>`)}
      </section>
      ${this.shares ? html`<section id="shares"><h2>Shares</h2><table>
        <thead><tr><th scope="col">Category</th><th scope="col">Questions</th><th scope="col">Share</th></tr></thead>
        <tbody>${this.shares.filter((s) => s.questions > 0).map((s) => html`<tr><td>${s.depth > 0 ? s.platform + ' / ' : ''}${s.name}</td>
          <td class="number">${s.questions}</td><td class="number">${(100 * s.share).toFixed(1)} %</td></tr>`)}</tbody>
      </table></section>` : nothing}`;
  }
}

/** A researcher's round setup: the set, the taxonomy, the sample (size, or confidence and margin; seed; strata), raters. */
class RoundSetup extends Page {
  static properties = { me: {}, studies: { state: true }, taxonomies: { state: true }, users: { state: true },
    kind: { state: true }, studyId: { state: true }, setId: { state: true }, site: { state: true },
    population: { state: true }, cochran: { state: true }, error: { state: true } };

  constructor() {
    super();
    this.kind = 'CATEGORY';
    this.site = '';
    this.seed = Math.floor(Math.random() * 1e9);
  }

  async connectedCallback() {
    super.connectedCallback();
    try {
      this.studies = await api('/api/classifier/studies');
      this.taxonomies = [...new Set((await api('/api/taxonomy/taxonomies')).map((t) => t.id))];
      this.users = await api('/auth/local/users').catch(() => []);
      this.studyId = this.studies[0]?.id;
      this.setId = this.studies[0]?.sets[0]?.id;
      await this.sizeUp();
    } catch (error) {
      this.error = errorText(error);
    }
  }

  /** The set's members on the chosen site, and Cochran's sample size for them at the form's confidence and margin. */
  async sizeUp() {
    const form = this.querySelector('#round-setup');
    const query = this.site ? `?site=${encodeURIComponent(this.site)}` : '';
    try {
      this.population = (await api(`/api/metrics/studies/${encodeURIComponent(this.studyId)}/sets${query}`)).sets[this.setId] ?? 0;
      const confidence = form?.confidence.value || '0.95';
      const margin = form?.margin.value || '0.05';
      this.cochran = this.population > 0 ? await api(`/api/taxonomy/sampling/size?population=${this.population}`
        + `&confidence=${confidence}&margin=${margin}`) : null;
    } catch (error) {
      this.cochran = null;
    }
  }

  async create(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const body = { name: form.get('name'), kind: this.kind, studyId: this.studyId, setId: this.setId,
      raterA: form.get('raterA'), raterB: form.get('raterB'), arbitrator: form.get('arbitrator'),
      seed: Number(form.get('seed')), pilotShare: Number(form.get('pilotShare')) };
    if (this.kind === 'CATEGORY') {
      body.taxonomyId = form.get('taxonomyId');
    }
    if (this.site) {
      body.site = this.site;
    }
    if (form.get('size')) {
      body.size = Number(form.get('size'));
    } else {
      body.confidence = Number(form.get('confidence'));
      body.margin = Number(form.get('margin'));
      body.roundUp = form.get('roundUp') === 'on';
    }
    if (form.get('stratifyBySite') === 'on') {
      body.stratifyBy = 'site';
    }
    this.error = null;
    try {
      const round = await api('/api/taxonomy/rounds', { method: 'POST', body });
      location.hash = `#/rounds/${round.id}`;
    } catch (error) {
      this.error = errorText(error);
    }
  }

  render() {
    if (!this.studies) {
      return this.error ? html`<p role="alert" class="error">${this.error}</p>` : html`<p class="status">Loading…</p>`;
    }
    const study = this.studies.find((s) => s.id === this.studyId);
    const person = (name, label) => html`<label for=${name}>${label}</label>
      <input id=${name} name=${name} required list="known-users" autocomplete="off">`;
    const c = this.cochran;
    return html`
      <p><a href="#/rounds">← Rounds</a></p>
      <h1>New labeling round</h1>
      ${this.error ? html`<p role="alert" class="error">${this.error}</p>` : nothing}
      <form id="round-setup" @submit=${this.create}>
        <datalist id="known-users">${(this.users ?? []).map((u) => html`<option value=${u.user}>${u.roles.join(', ')}</option>`)}</datalist>
        <div class="form-grid">
          <label for="round-name">Name</label><input id="round-name" name="name" required maxlength="200">
          <label for="round-kind">Kind</label>
          <select id="round-kind" @change=${(e) => { this.kind = e.target.value; }}>
            <option value="CATEGORY">categories of the taxonomy</option>
            <option value="RELEVANCE">relevance review (KEEP or DROP)</option></select>
          <label for="round-study">Study</label>
          <select id="round-study" @change=${(e) => { this.studyId = e.target.value;
            this.setId = this.studies.find((s) => s.id === this.studyId).sets[0]?.id; this.sizeUp(); }}>
            ${this.studies.map((s) => html`<option value=${s.id} ?selected=${s.id === this.studyId}>${s.id}</option>`)}</select>
          <label for="round-set">Set</label>
          <select id="round-set" @change=${(e) => { this.setId = e.target.value; this.sizeUp(); }}>
            ${(study?.sets ?? []).map((s) => html`<option value=${s.id} ?selected=${s.id === this.setId}>${s.id}
              ${s.name ?? ''}</option>`)}</select>
          <label for="round-site">Site (empty: every site)</label>
          <input id="round-site" name="site" .value=${this.site} @change=${(e) => { this.site = e.target.value.trim(); this.sizeUp(); }}>
          ${this.kind === 'CATEGORY' ? html`<label for="round-taxonomy">Taxonomy</label>
            <select id="round-taxonomy" name="taxonomyId">${(this.taxonomies ?? []).map((t) => html`<option>${t}</option>`)}</select>`
            : nothing}
          <label for="round-size">Sample size (empty: Cochran's)</label>
          <input id="round-size" name="size" type="number" min="1">
          <label for="round-confidence">Confidence</label>
          <input id="round-confidence" name="confidence" type="number" step="any" min="0.5" max="0.999" value="0.95"
            @change=${this.sizeUp}>
          <label for="round-margin">Margin</label>
          <input id="round-margin" name="margin" type="number" step="any" min="0.001" max="0.5" value="0.05"
            @change=${this.sizeUp}>
          <label for="round-up">Round Cochran's size up</label><input id="round-up" name="roundUp" type="checkbox">
          <label for="round-seed">Seed (the same seed draws the same sample)</label>
          <input id="round-seed" name="seed" type="number" required value=${this.seed}>
          <label for="round-pilot">Pilot share</label>
          <input id="round-pilot" name="pilotShare" type="number" step="any" min="0" max="1" value="0.1">
          <label for="round-strata">Stratify by site</label><input id="round-strata" name="stratifyBySite" type="checkbox">
          ${person('raterA', 'Rater A')}${person('raterB', 'Rater B')}${person('arbitrator', 'Arbitrator')}
        </div>
        <p id="population" role="status">${this.population ?? '…'} members in set ${this.setId}${this.site ? ` on ${this.site}` : ''}${c
          ? html`; Cochran's size at this confidence and margin: ${c.exact.toFixed(2)} (${c.truncated} truncated,
            ${c.roundedUp} rounded up)` : nothing}.</p>
        <button id="create-round">Draw the sample and create the round</button>
      </form>`;
  }
}

customElements.define('so-round-setup', RoundSetup);
customElements.define('so-category-picker', CategoryPicker);
customElements.define('so-rounds-page', RoundsPage);
customElements.define('so-label-page', LabelPage);
customElements.define('so-round-page', RoundPage);
