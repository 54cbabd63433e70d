import { describe, expect, it } from 'vitest';
import { createTitleMatcher } from '../../src/search/title-fuzzy.ts';

const titles = ['Hypervisor', 'Paravirtualização', 'xl list — Listar VMs', 'qemu-img convert — Converter o tipo de imagem', 'Open vSwitch'];

describe('title matcher (fuse.js fallback of the autocomplete)', () => {
  const matcher = createTitleMatcher(titles);

  it('finds titles through typos and missing accents', () => {
    expect(matcher.match('hipervisr', 3)[0]).toBe(0);
    expect(matcher.match('paravirtualizacao', 3)[0]).toBe(1);
    expect(matcher.match('qemu-img conver', 3)[0]).toBe(3); // matched on the head "qemu-img convert"
  });

  it('stays quiet for unrelated text, very short input and a zero limit', () => {
    expect(matcher.match('receita de bolo', 5)).toEqual([]);
    expect(matcher.match('xl', 5)).toEqual([]);
    expect(matcher.match('hypervisor', 0)).toEqual([]);
  });

  it('honours the limit', () => {
    expect(matcher.match('virt', 1).length).toBeLessThanOrEqual(1);
  });
});
