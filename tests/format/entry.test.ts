import { describe, expect, it } from 'vitest';
import { entryReference, withoutRepeatedTitle } from '../../src/format/entry.ts';

describe('entryReference', () => {
  it('names the topic and the headings down to the section', () => {
    const topic = { id: '330.2', title: 'Xen' };
    expect(entryReference({ topicId: '330.2', sectionPath: ['Xen configuration'] }, topic)).toBe('330.2 Xen › Xen configuration');
    expect(entryReference({ topicId: '330.2', sectionPath: [] }, topic)).toBe('330.2 Xen');
    expect(entryReference({ topicId: 'kvm', sectionPath: ['Redes', 'Bridge'] }, undefined)).toBe('kvm › Redes › Bridge');
  });
});

describe('withoutRepeatedTitle', () => {
  it('drops a first bullet that only repeats the title, and the blank lines after it', () => {
    expect(withoutRepeatedTitle({ title: 'Hypervisor', text: '  • Hypervisor\n\nHypervisor, também chamado de VMM.' })).toBe('Hypervisor, também chamado de VMM.');
    expect(withoutRepeatedTitle({ title: 'CPU Flags', text: '  • CPU Flags:\n\nIndicam os recursos.' })).toBe('Indicam os recursos.');
    expect(withoutRepeatedTitle({ title: 'Key Knowledge Areas — 330.1 Concepts', text: 'Key Knowledge Areas:\n  Terminology' })).toBe('  Terminology');
    expect(withoutRepeatedTitle({ title: 'xl pause — Pausar Guest', text: '* Pausar Guest\n# xl pause domain-id' })).toBe('# xl pause domain-id');
  });

  it('keeps what follows the title on its line', () => {
    expect(withoutRepeatedTitle({ title: 'HVM', text: '    • HVM: Suporte de hardware\n    • outro' })).toBe('Suporte de hardware\n    • outro');
    expect(withoutRepeatedTitle({ title: 'Xm é obsoleto.', text: 'Xm é obsoleto. Use o xl.' })).toBe('Use o xl.');
  });

  it('leaves commands, other first lines and would-be-empty bodies alone', () => {
    const command = { title: 'xl list', text: '# xl list\nName  ID' };
    expect(withoutRepeatedTitle(command)).toBe(command.text);
    const other = { title: 'HVMs', text: '• HVM: Suporte' };
    expect(withoutRepeatedTitle(other)).toBe(other.text);
    const only = { title: 'Hypervisor', text: '• Hypervisor' };
    expect(withoutRepeatedTitle(only)).toBe(only.text);
    const clipped = { title: 'Uma frase muito longa…', text: 'Uma frase muito longa… que continua' };
    expect(withoutRepeatedTitle(clipped)).toBe(clipped.text);
  });
});
