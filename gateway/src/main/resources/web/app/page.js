import { LitElement } from 'lit';
import { ApiError } from './api.js';

// Pages render into the light DOM: one stylesheet, and tests and assistive tools see plain elements.
export class Page extends LitElement {
  createRenderRoot() {
    return this;
  }
}

/** A rater who neither researches nor reads sees the labeling rounds first. */
export function onlyRater(me) {
  return me && me.roles.includes('rater') && !me.roles.some((r) => ['admin', 'researcher', 'reader'].includes(r));
}

export function errorText(error) {
  return error instanceof ApiError ? `${error.status}: ${error.message}` : String(error);
}
