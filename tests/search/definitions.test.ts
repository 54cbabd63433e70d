/**
 * Bare names lead with their definition (issue 12): `/term kvm` used to open with the `kvm` command line and
 * not show "KVM (Kernel-based Virtual Machine) é…" in its top five. Checked through the CLI in a child process
 * (the `/term` engine as shipped) and on the definition finder itself.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/notes/index.ts';
import { DEFINES, definedNames, NAMED_SECTION, OPENS_SECTION, sectionLeaders } from '../../src/search/definitions.ts';
import { loadQuerySet } from '../support/search/quality.ts';

const run = promisify(execFile);
const BARE_NAMES = ['kvm', 'xen', 'dom0', 'virsh', 'qemu'];

describe('a bare product name', () => {
  it.each(BARE_NAMES)('/term %s (CLI) leads with what the notes say it is, as tests/search/queries.json expects', async (name) => {
    const expected = loadQuerySet().find((q) => q.q === name)!.expect;
    expect(expected.length).toBeGreaterThan(0);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'term', name, '--json', '--limit', '5']);
    const results = (JSON.parse(stdout) as { results: Array<{ id: string; kind: string }> }).results;
    expect(expected).toContain(results[0]?.id);
    expect(['command', 'code']).not.toContain(results[0]?.kind);
  }, 30_000);
});

function entry(id: string, text: string, kind: Entry['kind'] = 'paragraph', section = 's1', heading = 'Geral'): Entry {
  return { id, text, kind, sectionId: section, sectionPath: [heading], title: text.slice(0, 40), identifiers: [] } as unknown as Entry;
}

/** Per entry, the names it defines, as the engine sees them. */
function definitions(entries: Entry[]): Array<Map<string, number>> {
  const leaders = sectionLeaders(entries);
  return entries.map((e, i) => definedNames(e, leaders[i]!));
}

describe('definedNames', () => {
  const strength = (entries: Entry[], name: string, doc = 0) => definitions(entries)[doc]!.get(name);

  it.each([
    ['KVM (Kernel-based Virtual Machine) é uma solução de virtualização completa.', 'kvm'],
    ['Hypervisor, também chamado de Virtual Machine Manager (VMM), é uma de muitas técnicas.', 'hypervisor'],
    ['• O QEMU é um emulador completo.', 'qemu'],
    ['Openvz não é um virtualizador mas sim uma containerização.', 'openvz'],
    ['Guests são domínios e um domínio especial, conhecido como dom0 é responsável pelo resto.', 'dom0'],
  ])('%s defines %s', (text, name) => {
    expect(strength([entry('x', 'Outra coisa.'), entry('e', text, 'paragraph', 's1')], name, 1)).toBe(DEFINES);
  });

  it.each([
    ['Normalmente as máquinas virtuais utilizadas sob KVM são criadas por ferramentas.', 'kvm'],
    ['• O comando KVM é muito similar ao Qemu.', 'kvm'],
    ['O planejamento de CPU no OpenVZ é uma implementação de dois níveis.', 'openvz'],
    ['Por exemplo, o Xen e o VMWare armazenam em seus configs.', 'xen'],
  ])('%s does not define %s', (text, name) => {
    expect(strength([entry('x', 'Outra coisa.'), entry('e', text)], name, 1)).toBeUndefined();
  });

  it('a command line never defines, even when it reads like one', () => {
    expect(strength([entry('c', 'kvm é um comando: # kvm -m 512', 'command')], 'kvm')).toBeUndefined();
  });

  it('section introductions: opening with the name beats a heading that names it; later entries get neither', () => {
    const entries = [
      entry('a', 'O Xen Project cria um hypervisor.', 'paragraph', 'basics', 'Definições básicas'),
      entry('b', 'Detalhes dos tipos de rede utilizados pelo Xen Project.', 'paragraph', 'net', 'Xen Networking'),
      entry('c', 'O Xen Storage se refere ao armazenamento.', 'paragraph', 'storage', 'Armazenamento'),
      entry('d', 'O Xen faz mais coisas.', 'paragraph', 'basics', 'Definições básicas'),
    ];
    const xen = definitions(entries).map((names) => names.get('xen'));
    expect(xen[0]).toBe(OPENS_SECTION);
    expect(xen[1]).toBe(NAMED_SECTION);
    expect(xen[2]).toBeUndefined(); // its subject is "Xen Storage"
    expect(xen[3]).toBeUndefined(); // not the section's first entry
  });

  it('never throws on odd text', () => {
    for (const text of ['', '•', '(((', 'é é é', 'X ( é a', `${'a'.repeat(5000)} é um`]) expect(() => definitions([entry('z', text)])).not.toThrow();
  });
});
