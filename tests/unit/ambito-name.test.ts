// The name a row goes by in lists, questions, history and search: the first line of its ambito.
import { describe, expect, it } from 'vitest';
import { ambitoName, firstLine } from '../../src/lib/model/plan.ts';
import type { Row } from '../../src/lib/model/types.ts';

const row = (text: string | undefined): Row => ({
  id: 'r1',
  areaId: 'a1',
  planId: 'p1',
  order: 1,
  cells: text === undefined ? {} : { c1: { text, changedAt: '2026-11-26T09:00:00.000Z', changedBy: 'Anna' } },
});

describe('the name of a row', () => {
  it('is the first line of its first column, whatever follows', () => {
    expect(ambitoName(row('GOVERNANCE NAZIONALE\n• Regioni\n• Comuni'), 'c1')).toBe('GOVERNANCE NAZIONALE');
    expect(ambitoName(row('TIROCINI'), 'c1')).toBe('TIROCINI');
  });

  it('is empty for an empty or missing cell, a missing row or an area without columns', () => {
    expect(ambitoName(row(undefined), 'c1')).toBe('');
    expect(ambitoName(row('\nseconda riga'), 'c1')).toBe('');
    expect(ambitoName(undefined, 'c1')).toBe('');
    expect(ambitoName(row('TIROCINI'), undefined)).toBe('');
  });

  it('of any text: up to the first line break, or all of it', () => {
    expect(firstLine('uno\ndue\ntre')).toBe('uno');
    expect(firstLine('una sola riga')).toBe('una sola riga');
    expect(firstLine('')).toBe('');
  });
});
