import { html, nothing } from 'lit';
import { Page, errorText } from '../page.js';
import { api } from '../api.js';
import { sanitized } from '../post.js';

class QuestionPage extends Page {
  static properties = { site: {}, postId: {}, question: { state: true }, error: { state: true } };

  async updated(changed) {
    if (changed.has('site') || changed.has('postId')) {
      try {
        this.question = await api(`/api/ingest/questions/${encodeURIComponent(this.site)}/${encodeURIComponent(this.postId)}`);
      } catch (error) {
        this.error = errorText(error);
      }
    }
  }

  render() {
    if (this.error) {
      return html`<p role="alert" class="error">${this.error}</p>`;
    }
    const q = this.question;
    if (!q) {
      return html`<p class="status">Loading…</p>`;
    }
    return questionView(q);
  }
}

/** A question as Stack Overflow shows it: title, tags, body and answers, bodies sanitized. */
export function questionView(q) {
  return html`
    <article class="question">
      <h1>${q.title}</h1>
      <p class="tags">${(q.tags ?? []).map((t) => html`<span class="tag">${t}</span>`)}</p>
      <div class="body" id="question-body">${sanitized(q.body)}</div>
    </article>
    <h2>${(q.answers ?? []).length} ${(q.answers ?? []).length === 1 ? 'answer' : 'answers'}</h2>
    ${(q.answers ?? []).map((a) => html`<article class="answer ${a.accepted ? 'accepted' : ''}">
      ${a.accepted ? html`<p class="accepted-mark">Accepted answer</p>` : nothing}
      <div class="body">${sanitized(a.body)}</div></article>`)}`;
}

customElements.define('so-question-page', QuestionPage);
