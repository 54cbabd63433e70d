/** A small hand-written knowledge base (plain data in the shared Entry shape) for the question tests. */
import type { Entry, KnowledgeBase, Topic } from '../../src/notes/types.ts';

function topic(id: string, weight: number): Topic {
  return { id, title: `Topic ${id}`, weight, objectives: [], terms: [], source: 'fixture.txt', lineStart: 1, lineEnd: 1 };
}

let line = 1;
function entry(id: string, topicId: string, sectionId: string, kind: Entry['kind'], title: string, text: string, identifiers: string[] = []): Entry {
  line += 3;
  return { id, topicId, sectionId, sectionPath: [sectionId], title, kind, text, identifiers, source: 'fixture.txt', lineStart: line, lineEnd: line + 2 };
}

export const fixtureKb: KnowledgeBase = {
  sources: ['fixture.txt'],
  topics: [topic('330.1', 8), topic('330.2', 9)],
  sections: [],
  entries: [
    entry('330.2-xl-list', '330.2', 'xl', 'command', 'xl list — Listar VMs', '* Listar VMs em execução\n# xl list', ['xl list']),
    entry('330.2-xl-pause', '330.2', 'xl', 'command', 'xl pause — Pausar Guest', '* Pausar Guest\n# xl pause domain-id', ['xl pause']),
    entry('330.2-xl-unpause', '330.2', 'xl', 'command', 'xl unpause — Despausar Guest', '* Despausar Guest\n# xl unpause domain-id', ['xl unpause']),
    entry('330.2-xl-destroy', '330.2', 'xl', 'command', 'xl destroy — Desligar de forma abrupta', '* Desligar de forma abrupta a VM\n# xl destroy domain-id', ['xl destroy']),
    entry('330.2-xl-shutdown', '330.2', 'xl', 'command', 'xl shutdown — Desligar', '* Desligar a VM\n# xl shutdown domain-id', ['xl shutdown']),
    entry('330.2-xl-list-again', '330.2', 'xl', 'command', 'xl info — Listar VMs em execução e mais', '* Listar VMs em execução e informações do host\n# xl info', ['xl info']),
    entry('330.2-xl-cfg', '330.2', 'cfg', 'path', '/etc/xen/xl.conf', 'Configurar o arquivo /etc/xen/xl.conf com autoballoon="off"', ['/etc/xen/xl.conf']),
    entry('330.1-terms-nbd', '330.1', 'storage', 'term', 'nbd', '    • nbd: Um protocolo extremamente simples disponível no kernel unix', []),
    entry('330.1-terms-iscsi', '330.1', 'storage', 'term', 'iscsi', '    • iscsi: Complexo e robusto protocolo padrão para acesso a blocos através de rede IP', []),
    entry('330.1-terms-afs', '330.1', 'storage', 'term', 'afs', '    • afs: Designado para alto uso cliente:servidor e redes com alta latência', []),
    entry('330.1-terms-gfs', '330.1', 'storage', 'term', 'gfs', '    • gfs: Sistema de arquivos gfs desenvolvido para clusters', []),
    entry('330.1-hypervisor', '330.1', 'terms', 'term', 'Hypervisor', '  • Hypervisor\n\nHypervisor, também chamado de Virtual Machine Manager (VMM), gerencia guests.', []),
  ],
};
