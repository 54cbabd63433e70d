/**
 * A small knowledge base for the search engine's unit tests, written by hand in the style of the real
 * notes (Portuguese prose, English headings, verbatim commands). Independent of the notes parser.
 */
import type { Entry, EntryKind, KnowledgeBase, Section, Topic } from '../../../src/notes/types.ts';

const SOURCE = 'fixture.txt';

function topic(id: string, title: string): Topic {
  return { id, title, weight: null, objectives: [], terms: [], source: SOURCE, lineStart: 1, lineEnd: 1 };
}

function entry(
  id: string,
  topicId: string,
  sectionPath: string[],
  title: string,
  kind: EntryKind,
  text: string,
  identifiers: string[] = [],
): Entry {
  return {
    id,
    topicId,
    sectionId: `${topicId}/${sectionPath.join('/')}`,
    sectionPath,
    title,
    kind,
    text,
    identifiers,
    source: SOURCE,
    lineStart: 1,
    lineEnd: 1,
  };
}

/** ~400 words of prose about virtual machine monitors that mentions "hypervisor" three times. */
const LONG_SECTION = [
  'Virtual Machine Monitor, ou Monitor de Maquina virtual é o software que cria um ambiente de máquina virtual em um computador.',
  'Em um ambiente regular, não-virtual, o sistema operacional é o programa de controle mestre, que gerencia a execução de todas as aplicações e atua como uma interface entre as aplicações e o hardware.',
  'Em um ambiente de maquinas virtuais, o virtual machine monitor torna-se o programa controlador mestre, com o maior nível de privilégio, e gerencia um ou mais sistemas operacionais, agora referidos como guest ou sistemas operacionais clientes.',
  'Cada sistema operacional guest gere suas próprias aplicações normalmente, como em uma máquina não virtual, exceto pelo isolamento do ambiente.',
  'Antes da introdução do hardware com suporte a virtualização, o monitor apenas usava técnicas de software para virtualização de processadores x86 e provendo hardware virtual.',
  'Esta abordagem de software, tradução binária, foi usada para instruções de virtualização e unidades de gerenciamento de memória, e o hypervisor traduzia as instruções privilegiadas.',
  'Com o suporte de hardware, o processador executa diretamente as instruções sensíveis do convidado, reduzindo a sobrecarga de tradução e simplificando o projeto do monitor.',
  'Um hypervisor do tipo 1 roda diretamente sobre o hardware; um do tipo 2 roda sobre um sistema operacional hospedeiro, como uma aplicação comum.',
  'A escolha entre as variações depende do desempenho esperado, do isolamento necessário, das ferramentas de gerenciamento disponíveis e do custo de manutenção do ambiente.',
  'Ambientes de produção costumam preferir monitores do tipo 1, enquanto estações de trabalho de desenvolvimento usam com frequência monitores do tipo 2 pela conveniência.',
  'Em todos os casos o hypervisor precisa arbitrar o acesso a dispositivos de entrada e saída, a interrupções, a temporizadores e à memória física compartilhada entre os convidados.',
  'Tecnicas de paginação aninhada, tabelas de páginas sombra e dispositivos emulados fazem parte do repertório de qualquer monitor moderno, cada uma com vantagens e custos próprios.',
].join(' ');

export function fixtureKnowledgeBase(): KnowledgeBase {
  const topics = [topic('330.1', 'Virtualization Concepts and Theory'), topic('330.2', 'Xen'), topic('330.3', 'KVM')];
  const entries: Entry[] = [
    entry(
      '330.1/terminology/hypervisor',
      '330.1',
      ['Terminology'],
      'Hypervisor',
      'term',
      'Hypervisor, também chamado de Virtual Machine Manager (VMM), é uma de muitas técnicas de virtualização por hardware, permitindo múltiplos sistemas operacionais, chamados guests, rodarem concorrentemente em um mesmo computador host. Alguns exemplos de Hypervisors são: Xen, KVM.',
    ),
    entry(
      '330.1/terminology/paravirtualizacao',
      '330.1',
      ['Terminology'],
      'Paravirtualização',
      'term',
      'Paravirtualização é uma técnica de virtualização que apresenta uma interface de software para a máquina virtual similar mas não idêntica à do hardware. O sistema operacional convidado precisa ser modificado.',
    ),
    entry('330.1/variations/monitors', '330.1', ['Variations of Virtual Machine Monitors'], 'Variations of Virtual Machine Monitors', 'paragraph', LONG_SECTION),
    entry(
      '330.1/migration/v2v',
      '330.1',
      ['Migração entre hosts'],
      'Migração entre hosts',
      'paragraph',
      'A migração de máquinas virtuais entre hosts com diferentes gerenciadores é chamada de V2V. No caso de hosts compatíveis, a migração é basicamente transparente.',
    ),
    entry(
      '330.2/xen-configuration/xl-list',
      '330.2',
      ['Xen configuration'],
      'Lista as VMs em execução',
      'command',
      'O comando abaixo lista as VMs em execução\n# xl list',
      ['xl list'],
    ),
    entry(
      '330.2/xen-configuration/xl-create',
      '330.2',
      ['Xen configuration'],
      'Iniciar uma máquina virtual com o conf em /etc/xen',
      'command',
      '# xl create domU_CONFIG',
      ['xl create'],
    ),
    entry('330.2/xen-configuration/xl-pause', '330.2', ['Xen configuration'], 'Pausar Guest', 'command', '# xl pause domain-id', ['xl pause']),
    entry('330.2/xen-configuration/xl-destroy', '330.2', ['Xen configuration'], 'Desligar de forma abrupta a VM', 'command', '# xl destroy domain-id', ['xl destroy']),
    entry(
      '330.2/xapi/xe-vm-list',
      '330.2',
      ['Basic knowledge of XAPI'],
      'Listar VM',
      'command',
      '# xe vm-list',
      ['xe vm-list'],
    ),
    entry(
      '330.2/xen-configuration/xl-conf',
      '330.2',
      ['Xen configuration'],
      '/etc/xen/xl.conf',
      'path',
      'Existe também o arquivo /etc/xen/xl.conf com as configurações globais de todas as VMs.',
      ['/etc/xen/xl.conf'],
    ),
    entry(
      '330.2/xen-utilities/xentop',
      '330.2',
      ['Xen utilities'],
      'xentop',
      'term',
      'xentop: Mostra informações sobre o sistema Xen e os Domínios em tempo real. Comando similar ao TOP, mas especificando os DOMs.',
      ['xentop'],
    ),
    entry(
      '330.2/xen-networking/ponte',
      '330.2',
      ['Xen Networking'],
      'Ponte de rede',
      'paragraph',
      'A configuração mais comum é usar uma ponte no Domain-0, para permitir que vários domínios apareçam na rede como hosts individuais.',
    ),
    entry(
      '330.2/xen-storage/armazenamento-local',
      '330.2',
      ['Xen Storage'],
      'Armazenamento local',
      'paragraph',
      'Existem duas principais opções para armazenamento local de imagens de disco guest: volumes lógicos LVM ou arquivos de imagem.',
    ),
    entry(
      '330.2/xen-storage/block-device',
      '330.2',
      ['Xen Storage'],
      'Block Device',
      'term',
      "Armazenamento 'publicado' na forma de um arquivo de dispositivo tipo bloco, geralmente em algum lugar em /dev.",
    ),
    entry(
      '330.3/kvm-storage/qemu-img-convert',
      '330.3',
      ['KVM storage'],
      'Converter o tipo de imagem',
      'command',
      '# qemu-img convert -O qcow2 test.vmdk test.qcow2',
      ['qemu-img convert'],
    ),
    entry(
      '330.3/kvm-storage/qemu-img-create',
      '330.3',
      ['KVM storage'],
      'Criação de uma imagem de disco para VM por QEMU',
      'command',
      '# qemu-img create -f qcow2 vdisk.img 10G',
      ['qemu-img create'],
    ),
    entry(
      '330.3/kvm-storage/snapshots',
      '330.3',
      ['KVM storage'],
      'Snapshots',
      'term',
      'Snapshots no QEMU são imagens que se referem a uma imagem original usando Redirect-on-Write para evitar a alteração da imagem original.',
    ),
    entry(
      '330.3/kvm-configuration/memoria',
      '330.3',
      ['KVM configuration'],
      'Memória da máquina virtual',
      'table-row',
      '-m = Memória (em MB)',
      ['-m'],
    ),
    entry(
      '330.4/docker/docker-build',
      '330.3',
      ['Docker'],
      'Criar uma nova imagem',
      'command',
      'Criar uma nova imagem (deve ser criado o arquivo de receita Dockerfile)\n# docker build',
      ['docker build'],
    ),
    entry(
      `330.3/${'x'.repeat(120)}`,
      '330.3',
      ['KVM utilities'],
      `kvm_stat ${'— coleta estatísticas do módulo KVM em tempo real '.repeat(4)}`,
      'term',
      'O kvm_stat é um script python que colhe estatísticas do módulo de kernel KVM em tempo real.',
      ['kvm_stat'],
    ),
  ];
  // Thirty more xl subcommands, so that a prefix like "xl" has more candidates than Discord allows.
  for (let i = 0; i < 30; i++) {
    entries.push(
      entry(`330.2/xl-extra/xl-sub-${i}`, '330.2', ['Xen configuration', 'Mais comandos xl'], `xl subcomando ${i}`, 'command', `# xl sub${i} domain-id`, [`xl sub${i}`]),
    );
  }
  const sections: Section[] = [...new Set(entries.map((e) => e.sectionId))].map((id) => {
    const e = entries.find((x) => x.sectionId === id)!;
    return { id, topicId: e.topicId, path: e.sectionPath, title: e.sectionPath.at(-1)!, source: SOURCE, lineStart: 1, lineEnd: 1 };
  });
  return { sources: [SOURCE], topics, sections, entries };
}
