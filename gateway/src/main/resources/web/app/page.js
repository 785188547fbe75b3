import { LitElement } from 'lit';
import { api, ApiError } from './api.js';

// Pages render into the light DOM: one stylesheet, and tests and assistive tools see plain elements.
export class Page extends LitElement {
  createRenderRoot() {
    return this;
  }
}

/** Whether the user holds one of the roles. */
export function holds(me, ...roles) {
  return !!me && me.roles.some((r) => roles.includes(r));
}

/** Who reads the figures, the data and the pipeline (everyone but a rater who only rates). */
export const READERS = ['admin', 'researcher', 'reader'];

/** A rater who neither researches nor reads sees the labeling rounds first. */
export function onlyRater(me) {
  return holds(me, 'rater') && !holds(me, ...READERS);
}

export function errorText(error) {
  return error instanceof ApiError ? `${error.status}: ${error.message}` : String(error);
}

/** The sites whose dumps are stored, sorted. */
export async function storedSites() {
  return [...new Set((await api('/api/ingest/dumps')).map((d) => d.site))].sort();
}
