// How far the city is from the 2030 shelter targets of its plan: a community shelter in every one of the
// 103 wards, and at least five standardised city shelters. The wards still without one come last, by name,
// as the list Sở Nội vụ works through.
import { api } from '../core/api.js';
import { el } from '../core/dom.js';
import { t } from '../core/i18n.js';

function target(label, reached, goal) {
  return el('div', { class: 'coverage-target' },
    el('p', {}, label),
    el('p', { class: 'coverage-figure' }, t('coverage.outOf', { reached, goal })),
    el('progress', { max: goal, value: Math.min(reached, goal), 'aria-label': label }));
}

export async function render() {
  const coverage = await api.get('/shelters/coverage');
  const missing = coverage.wards_without_shelter;
  return el('div', { class: 'stack' },
    el('h1', {}, t('coverage.title')),
    el('section', { class: 'card' },
      target(t('coverage.wards'), coverage.wards_with_shelter, coverage.wards_total),
      target(t('coverage.city'), coverage.city_shelters_standardised, coverage.city_shelters_target),
      el('p', { class: 'note' }, t('coverage.total', { count: coverage.shelters_total }))),
    el('section', { class: 'card', 'aria-labelledby': 'missing-title' },
      el('h2', { id: 'missing-title' }, t('coverage.missing', { count: missing.length })),
      missing.length
        ? el('ul', { class: 'ward-list' }, missing.map((ward) => el('li', { 'data-ward': ward.code }, ward.name)))
        : el('p', {}, t('coverage.allCovered'))),
    el('p', {}, el('a', { class: 'button button-block', href: '#/shelter-admin' }, t('coverage.manage'))),
    el('p', {}, el('a', { href: '#/home' }, t('common.back'))));
}
