import { describe, expect, it } from 'vitest';
import { fold, stem, words } from '../../src/search/normalize.ts';
import { headingKey, opensWithDefinition, proximityBonus } from '../../src/search/signals.ts';

const stems = (text: string) => words(fold(text)).map(stem);
const set = (...ws: string[]) => new Set(ws.map((w) => stem(fold(w))));

describe('proximity', () => {
  it('rewards query words side by side more than spread out, and nothing when one is missing', () => {
    const near = proximityBonus(stems('Para instalar o Vagrant, baixe o pacote'), [set('instalar'), set('vagrant')]);
    const far = proximityBonus(stems('Instalar pacotes é simples. Muito depois, falamos do Vagrant'), [set('instalar'), set('vagrant')]);
    expect(near).toBeGreaterThan(far);
    expect(far).toBeGreaterThan(0);
    expect(proximityBonus(stems('Para instalar o Xen'), [set('instalar'), set('vagrant')])).toBe(0);
  });
});

describe('definitions', () => {
  it('recognises an opening definition of the term', () => {
    expect(opensWithDefinition(stems('API de virtualização Libvirt: Libvirt é uma coleção de softwares'), set('libvirt'))).toBe(true);
    expect(opensWithDefinition(stems('Os containers LXC são comumente considerados'), set('lxc'))).toBe(true);
    expect(opensWithDefinition(stems('O Vagrant usa e depende do VirtualBox'), set('vagrant'))).toBe(false);
    expect(opensWithDefinition(stems('Xen e KVM são hypervisors'), set('kvm'))).toBe(true);
    expect(opensWithDefinition(stems('Xen e KVM são hypervisors'), set('xen'))).toBe(false);
  });
});

describe('section headings', () => {
  it('keeps the subject of a heading', () => {
    expect(headingKey('Awareness of XenStore')).toBe(stem('xenstore'));
    expect(headingKey('Basic knowledge of XAPI')).toBe('xapi');
    expect(headingKey('Troubleshooting KVM installations')).toBe(['troubleshooting', 'kvm', 'installations'].map(stem).join(' '));
  });
});
