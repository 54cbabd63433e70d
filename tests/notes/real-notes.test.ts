/** The parser on the group's real notes (data/notes/000_1012f1d6959cd050.txt). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entryById, loadKnowledgeBase, parseNotes, topicLabel, type Entry, type KnowledgeBase } from '../../src/notes/index.ts';
import { overlaps, uncoveredLines } from './helpers.ts';

const SOURCE = '000_1012f1d6959cd050.txt';
const text = readFileSync(`data/notes/${SOURCE}`, 'utf8');
const kb = parseNotes(text, SOURCE);
const lines = text.split('\n');

function find(predicate: (entry: Entry) => boolean): Entry[] {
  return kb.entries.filter(predicate);
}

describe('topics', () => {
  it('finds the six topics 330.1 to 330.6 with titles and the weights the notes give', () => {
    expect(kb.topics.map((t) => t.id)).toEqual(['330.1', '330.2', '330.3', '330.4', '330.5', '330.6']);
    expect(kb.topics.map(topicLabel)).toEqual([
      '330.1 Virtualization Conccepts and Theory',
      '330.2 Xen',
      '330.3 KVM',
      '330.4 Other Virtualization Solutions',
      '330.5 Libvirt and Related Tools',
      '330.6 Cloud Management Tools',
    ]);
    // Only 330.1-330.3 carry "-PesoN" / "Weight: N" in these notes; the others have no weight to read.
    expect(kb.topics.map((t) => t.weight)).toEqual([8, 9, 9, null, null, null]);
  });

  it('reads the Key Knowledge Areas and the terms of each topic', () => {
    const byId = new Map(kb.topics.map((t) => [t.id, t]));
    expect(byId.get('330.1')!.objectives).toEqual([
      'Terminology',
      'Pros and Cons of Virtualization',
      'Variations of Virtual Machine Monitors',
      'Migration of Physical to Virtual Machines',
      'Migration of Virtual Machines between Host systems',
      'Cloud Computing',
    ]);
    expect(byId.get('330.1')!.terms).toContain('/proc/cpuinfo');
    expect(byId.get('330.1')!.terms).toHaveLength(9);
    expect(byId.get('330.2')!.objectives).toHaveLength(8);
    expect(byId.get('330.2')!.terms).toEqual(['Domain0 (Dom0), DomainU (DomU)', 'PV-DomU, HVM-DomU', '/etc/xen/', 'xl', 'xl.cfg', 'xl.conf', 'xe', 'xentop']);
    expect(byId.get('330.3')!.terms).toContain('qemu-img');
    expect(byId.get('330.5')!.terms).toEqual(['libvirtd', '/etc/libvirt/', 'virsh', 'oVirt']);
    expect(byId.get('330.6')!.objectives).toEqual(['Basic feature knowledge of OpenStack and CloudStack', 'Awareness of Eucalyptus and OpenNebula']);
    for (const topic of kb.topics) expect(topic.objectives.length, topic.id).toBeGreaterThan(0);
  });

  it('builds section paths under each topic', () => {
    const paths = kb.sections.map((s) => `${s.topicId} ${s.path.join(' > ')}`);
    expect(paths).toContain('330.2 Xen Networking');
    expect(paths).toContain('330.2 Xen architecture > Detalhes sobre os tipos de Maquinas Virtuais (Guests)');
    expect(paths).toContain('330.4 Basic knowledge of OpenVZ and LXC > LXC');
    expect(paths).toContain('330.4 Awareness of other virtualization technologies > Docker > Comandos para trabalhar com imagens');
    expect(paths).toContain('330.6 Basic feature knowledge of OpenStack and CloudStack > OpenStack');
    for (const entry of kb.entries) {
      const section = kb.sections.find((s) => s.id === entry.sectionId)!;
      expect(section.topicId).toBe(entry.topicId);
      expect(entry.sectionPath).toEqual(section.path);
    }
  });
});

describe('ids and titles', () => {
  it('gives every entry and section a unique, Discord-safe id', () => {
    const ids = kb.entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const sectionIds = kb.sections.map((s) => s.id);
    expect(new Set(sectionIds).size).toBe(sectionIds.length);
    for (const id of [...ids, ...sectionIds]) {
      expect(id).toMatch(/^[a-z0-9.-]+$/);
      expect(id.length).toBeLessThanOrEqual(64);
    }
  });

  it('keeps ids stable across re-parsing and when other text moves around', () => {
    const again = parseNotes(text, SOURCE);
    expect(again).toEqual(kb);
    // Inserting a paragraph at the top of a section shifts every line below, but no id changes.
    const shifted = text.replace('Terminology\n\n  • Hypervisor', 'Terminology\n\nUm parágrafo novo no início da seção, bastante longo para ser prosa.\n\n  • Hypervisor');
    const moved = parseNotes(shifted, SOURCE);
    const before = new Set(kb.entries.map((e) => e.id));
    const after = new Set(moved.entries.map((e) => e.id));
    for (const id of before) expect(after.has(id), id).toBe(true);
    expect(after.size).toBe(before.size + 1);
  });

  it('makes readable titles of at most 100 characters', () => {
    for (const entry of kb.entries) {
      expect(entry.title.length, entry.id).toBeGreaterThan(0);
      expect(entry.title.length, entry.id).toBeLessThanOrEqual(100);
      expect(entry.title, entry.id).not.toMatch(/^\s|\s$|^[•*#]/u);
    }
  });
});

describe('nothing lost', () => {
  it('puts every non-blank line in exactly one entry, or it is a heading or the title block', () => {
    expect(kb.titleBlocks).toEqual([{ source: SOURCE, title: '330 Virtualization', lineStart: 1, lineEnd: 6 }]);
    expect(uncoveredLines(kb, text, SOURCE)).toEqual([]);
    expect(overlaps(kb)).toEqual([]);
  });

  it('keeps the text of the notes as it is (typos included)', () => {
    for (const entry of kb.entries) {
      const own = lines.slice(entry.lineStart - 1, entry.lineEnd).map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
      const textLines = entry.text.split('\n').filter((l) => l.trim() !== '');
      // Table rows (and the topic's objectives list) prepend their caption/header; the rest is exactly its lines.
      expect(textLines.slice(-own.length), entry.id).toEqual(own);
      if (entry.kind !== 'table-row' && !entry.title.startsWith('Key Knowledge Areas')) expect(textLines, entry.id).toEqual(own);
    }
    expect(kb.entries.some((e) => e.text.includes('Conccepts') || e.text.includes('virtualziação'))).toBe(true);
  });
});

describe('specific entries', () => {
  it('splits the xl list states into one table-row entry per state', () => {
    const states = find((e) => e.kind === 'table-row' && e.identifiers.includes('xl list'));
    expect(states.map((e) => e.text.split('\n').find((l) => /^[a-z] - /.test(l))!.slice(0, 1))).toEqual(['r', 'b', 'p', 's', 'c', 'd']);
    const blocked = states.find((e) => e.title.includes('b - bloqueado'))!;
    expect(blocked.title).toMatch(/^xl list — b - bloqueado: /);
    expect(blocked.text).toContain('# xl list');
    expect(blocked.text).toContain(' porque não havia mais nada a fazer.');
    expect([blocked.lineStart, blocked.lineEnd]).toEqual([511, 512]);
  });

  it('makes each xe command its own command entry', () => {
    const xe = find((e) => e.kind === 'command' && e.identifiers.some((id) => id.startsWith('xe ')));
    expect(xe.map((e) => e.identifiers[0])).toEqual(['xe vm-start', 'xe vm-list', 'xe vm-destroy', 'xe sr-create', 'xe vm-install', 'xe vif-create']);
    const list = xe.find((e) => e.identifiers[0] === 'xe vm-list')!;
    expect(list.title).toBe('xe vm-list — Listar VM');
    expect(list.text).toBe('* Listar VM\n# xe vm-list');
    expect(list.sectionPath).toEqual(['Basic knowledge of XAPI']);
  });

  it('reads "• Hypervisor" and the paragraph below it as a term', () => {
    const [hypervisor] = find((e) => e.title === 'Hypervisor');
    expect(hypervisor).toBeDefined();
    expect(hypervisor!.kind).toBe('term');
    expect(hypervisor!.topicId).toBe('330.1');
    expect(hypervisor!.sectionPath).toEqual(['Terminology']);
    expect(hypervisor!.text).toContain('Virtual Machine Manager (VMM)');
    expect([hypervisor!.lineStart, hypervisor!.lineEnd]).toEqual([37, 39]);
  });

  it('keeps the HVM example configuration whole, as a code entry with its caption', () => {
    const [hvm] = find((e) => e.text.includes('# Example HVM guest configuration'));
    expect(hvm!.kind).toBe('code');
    expect(hvm!.title).toBe('DomU conf Full Virtualization');
    expect(hvm!.text).toContain('builder = "hvm"');
    expect(hvm!.text).toContain('vnc = 1');
    expect(hvm!.identifiers).toEqual(expect.arrayContaining(['builder', 'memory', 'vif', 'disk']));
  });

  it('finds commands, paths and options verbatim in identifiers', () => {
    const all = new Set(kb.entries.flatMap((e) => e.identifiers));
    for (const id of ['xl list', 'xl create', 'xe vm-list', 'qemu-img convert', 'qemu-img create', 'virsh list', 'virsh net-list', '/etc/xen/xl.conf', 'xl.cfg', 'builder', 'dom0_mem', 'kvm_stat', 'vzctl create', 'lxc-create', 'docker run', '/etc/libvirt/', 'libvirtd.conf']) {
      expect(all.has(id), id).toBe(true);
    }
    const convert = find((e) => e.identifiers.includes('qemu-img convert'));
    expect(convert).toHaveLength(1);
    expect(convert[0]!.title).toBe('qemu-img convert — Converter o tipo de imagem');
  });

  it('splits the other tables into rows with their caption in the text', () => {
    const cache = find((e) => e.kind === 'table-row' && e.title.startsWith('Políticas de cache'));
    expect(cache.map((e) => e.identifiers[0])).toEqual(['writethrough', 'writeback', 'unsafe', 'none']);
    expect(cache[0]!.text).toContain('Politica\tDescrição');
    const boot = find((e) => e.kind === 'table-row' && e.topicId === '330.2' && e.sectionPath[0] === 'Awareness of Xen Boot Parameters');
    expect(boot.map((e) => e.identifiers[0])).toEqual(['mem', 'dom0_mem', 'dom0_max_vcpus', 'acpi=off', 'acpi=force', 'acpi=strict', 'acpi=ht', 'acpi=noirq', 'noacpi']);
    const counters = find((e) => e.kind === 'table-row' && e.sectionPath[0] === 'KVM utilities' && /^\w+: /.test(e.title));
    expect(counters.map((e) => e.identifiers[0])).toEqual(expect.arrayContaining(['efer_reload', 'exits', 'halt_exits', 'tlb_flush']));
    const monitor = find((e) => e.kind === 'table-row' && e.title.startsWith('kvm monitor — '));
    expect(monitor.map((e) => e.identifiers[0])).toEqual(expect.arrayContaining(['help', 'change', 'eject', 'savevm', 'loadvm', 'xp', 'print']));
    const xentop = find((e) => e.kind === 'table-row' && e.title.startsWith('xentop — '));
    expect(xentop).toHaveLength(6);
    const openstack = find((e) => e.kind === 'table-row' && e.sectionPath.at(-1) === 'OpenStack');
    expect(openstack.map((e) => e.title.split(':')[0])).toEqual([
      'Dashboard - Horizon',
      'Compute (Computação) - Nova',
      'Rede - Neutron',
      'Object Storage (Armazenamento de objetos) - Swift',
      'Block Storage (Armazenamento de blocos) - Cinder',
      'Identity Service (Serviço de identidade) - Keystone',
      'Image service (Serviço de imagem) - Glance',
      'Telemetry (Telemetria) - Ceilometer',
    ]);
    expect(openstack[1]!.text).toBe('  • Serviço disponibilizado - Nome do Projeto - Descrição\n    • Compute (Computação) - Nova - Gerencia o ciclo de vida das instâncias de computação. Gerencia as maquinas virtuais.');
    expect(openstack[1]!.identifiers).toEqual(['Nova']);
  });

  it('tells same-titled entries apart by what they sit under, not by position', () => {
    const hosts = find((e) => e.title === 'Host' && e.topicId === '330.5');
    expect(hosts.map((e) => e.id)).toEqual(['330.5-awareness-of-ovirt-host-arquitetura-ovirt', '330.5-awareness-of-ovirt-host-ambiente-ovirt']);
    const creates = find((e) => e.identifiers.includes('xl create') && e.sectionPath[0] === 'Definições básicas');
    expect(creates.map((e) => e.id)).toEqual(['330.2-definicoes-basicas-xl-create-criar-xlubuntu01-hvm', '330.2-definicoes-basicas-xl-create-xlubuntu01-pvlinux']);
  });

  it('keeps a term whole when it carries a small example', () => {
    const [pv] = find((e) => e.title === 'Paravirtualised Network Devices');
    expect(pv!.kind).toBe('term');
    expect(pv!.text).toContain('ethN → vifA.B → ethB');
    const [pool] = find((e) => e.title === 'Pool de filesystem');
    expect(pool!.kind).toBe('code');
    expect(pool!.text).toContain('<pool type="fs">');
  });
});

describe('helpers and speed', () => {
  it('indexes entries by id', () => {
    const map = entryById(kb);
    expect(map.size).toBe(kb.entries.length);
    for (const entry of kb.entries.slice(0, 20)) expect(map.get(entry.id)).toBe(entry);
  });

  it('loads the shipped notes folder', () => {
    const loaded: KnowledgeBase = loadKnowledgeBase('data/notes');
    expect(loaded.sources).toEqual([SOURCE]);
    expect(loaded.entries.map((e) => e.id)).toEqual(kb.entries.map((e) => e.id));
  });
});
