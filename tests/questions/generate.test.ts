import { describe, expect, it } from 'vitest';
import type { Entry, KnowledgeBase } from '../../src/notes/types.ts';
import {
  foldForSearch,
  generateCommandQuestions,
  generateQuestions,
  generateTermQuestions,
  type Erratum,
  type Question,
  type SingleChoiceQuestion,
} from '../../src/questions/index.ts';
import { fixtureKb } from './fixtures.ts';

const correct = (q: Question) => (q.kind === 'fill-in' ? q.answers[0]! : q.options.find((o) => o.correct)!.text);
const wrong = (q: SingleChoiceQuestion) => q.options.filter((o) => !o.correct).map((o) => o.text);

let line = 100;
function entry(id: string, sectionId: string, kind: Entry['kind'], title: string, text: string, identifiers: string[] = [], topicId = '330.5'): Entry {
  line += 3;
  return { id, topicId, sectionId, sectionPath: [sectionId], title, kind, text, identifiers, source: 'rules.txt', lineStart: line, lineEnd: line + 1 };
}
const command = (sub: string, description: string, program = 'virsh') =>
  entry(`330.5-${program}-${sub}-${line}`, program, 'command', `${program} ${sub}`, `* ${description}\n# ${program} ${sub} NAME`, [`${program} ${sub}`]);
const term = (name: string, definition: string, section = 'terms') =>
  entry(`330.5-term-${name.toLowerCase().replace(/\W+/g, '-')}`, section, 'term', name, `    • ${name}: ${definition}`);

function kbOf(entries: Entry[]): KnowledgeBase {
  return { sources: ['rules.txt'], topics: [], sections: [], entries };
}

const virsh = [
  command('net-start', 'Iniciar uma rede inativa do host'),
  command('net-destroy', 'Parar uma rede em uso e liberar seus recursos'),
  command('net-undefine', 'Remover uma rede persistente inativa'),
  command('net-autostart', 'Ativar a rede ao iniciar o host'),
  command('pool-create', 'Criar um novo Pool de armazenamento'),
  command('pool-info', 'Mostrar dados de um Pool'),
  command('pool-edit', 'Editar a definição de um Pool'),
  command('start', 'Iniciar uma máquina virtual'),
  command('shutdown', 'Desligar uma máquina virtual'),
  command('reboot', 'Reiniciar uma máquina virtual'),
  command('save', 'Salvar o estado da máquina virtual em um arquivo'),
  command('images', 'Listar as imagens instaladas no host', 'docker'),
  command('pull', 'Baixar uma imagem para uso posterior', 'docker'),
  command('rmi', 'Apagar uma imagemm do host', 'docker'),
  command('ps', 'Mostrar os containers em execução', 'docker'),
  command('stop', 'Parar um container em execução', 'docker'),
  command('controlvm', 'Pausar a máquina virtual', 'vboxmanage'),
  command('controlvm', 'Resummir a máquina virtual', 'vboxmanage'),
  command('startvm', 'Ligar a máquina virtual', 'vboxmanage'),
  command('showvminfo', 'Mostra detalhes da máquina virtual', 'vboxmanage'),
  command('list', 'Lista as VMs registradas no host', 'vboxmanage'),
  command('sched-credit', 'Lista as opções atuais', 'xl'),
  command('pause', 'Pausar o guest em execução', 'xl'),
  command('reboot', 'Reinicializar o guest em execução', 'xl'),
  command('destroy', 'Desligar de forma abrupta o guest', 'xl'),
];
const terms = [
  term('Cloud Controller', 'Componente central que decide onde cada instância roda e anexa rede e armazenamento'),
  term('Security', 'Grupos de segurança compartilham um conjunto comum de regras de firewall entre instâncias'),
  term('Walrus', 'Serviço de armazenamento de objetos compatível com a API do Amazon S3 para imagens'),
  term('Node Controller', 'Processo em cada máquina física que hospeda instâncias e fala com o hypervisor local'),
  term('Database', 'Pode ficar junto com o oVirt.'),
  term('Algumas Limitações', 'OpenVZ restringe acessos ao /dev a um pequeno subconjunto de dispositivos reais'),
  term('Arquivos', 'Bibliotecas de sistemas, aplicações, /proc e /sys virtualizados, locks virtualizados'),
  term('Storage Controller', 'Fornece volumes de bloco persistentes às instâncias, como discos anexados'),
  entry('330.5-arquivos-prose', 'prose', 'paragraph', 'Prosa', 'Os arquivos de configuração e outros arquivos ficam em /etc.'),
];
const kb = kbOf([...virsh, ...terms]);
const all = generateQuestions(kb) as SingleChoiceQuestion[];
const byAnswer = (answer: string) => all.find((q) => correct(q) === answer);

describe('command questions', () => {
  it('name the program in the prompt and quote the command line', () => {
    const pause = byAnswer('xl pause')!;
    expect(pause).toMatchObject({
      kind: 'single',
      generated: true,
      prompt: 'Qual comando do `xl` usar para pausar o guest em execução?',
      sourceQuote: 'xl pause NAME',
    });
    for (const q of all.filter((q) => q.id.includes('-gen-cmd-'))) expect(q.prompt).toMatch(/^Qual (?:sub)?comando do `[\w-]+`/);
  });

  it('drop context-free descriptions ("Lista as opções atuais")', () => {
    expect(byAnswer('xl sched-credit')).toBeUndefined();
    expect(byAnswer('xl reboot')).toBeDefined(); // same program, a description that names its object
  });

  it('drop a description sharing a stem with the answer (imagens → images, lista → list)', () => {
    expect(byAnswer('docker images')).toBeUndefined();
    expect(byAnswer('vboxmanage list')).toBeUndefined();
    expect(byAnswer('docker pull')).toBeDefined();
  });

  it('offer distractors of the same program and family only', () => {
    const netStart = all.find((q) => q.id.includes('virsh-net-start'))!;
    expect(netStart.prompt).toMatch(/^Qual comando do `virsh`/);
    for (const text of wrong(netStart)) expect(text).toMatch(/^virsh net-/);
    const start = byAnswer('virsh start')!;
    for (const text of wrong(start)) expect(text).toMatch(/^virsh (?!net-|pool-)/);
    for (const q of all.filter((q) => correct(q).startsWith('docker '))) for (const text of wrong(q)) expect(text).toMatch(/^docker /);
  });

  it('never share an answer: the first of three "vboxmanage controlvm" entries stays', () => {
    const answers = all.map(correct);
    expect(answers.filter((a) => a === 'vboxmanage controlvm')).toHaveLength(1);
    expect(new Set(answers).size).toBe(answers.length);
    expect(byAnswer('vboxmanage controlvm')!.prompt).toContain('pausar');
  });

  it('is deterministic and keeps the older fixture rules (no distractor that also answers)', () => {
    expect(generateQuestions(kb)).toEqual(all);
    const questions = generateCommandQuestions(fixtureKb);
    for (const q of questions) expect(new Set(q.options.map((o) => o.text)).size).toBe(q.options.length);
    const destroy = questions.find((q) => correct(q) === 'xl destroy')!;
    expect(wrong(destroy)).not.toContain('xl shutdown'); // "Desligar a VM" is contained in "Desligar de forma abrupta a VM"
  });
});

describe('term questions', () => {
  const answers = all.map(correct);

  it('ask for a real term defined by at least four content words, with terms of its section as distractors', () => {
    const walrus = byAnswer('Walrus')!;
    expect(walrus.prompt).toBe('Segundo as notas, qual termo corresponde a: “Serviço de armazenamento de objetos compatível com a API do Amazon S3 para imagens”?');
    expect(wrong(walrus)).toHaveLength(3);
    for (const text of wrong(walrus)) expect(['Cloud Controller', 'Node Controller', 'Storage Controller', 'Security']).toContain(text);
    expect(answers).not.toContain('Database'); // "Pode ficar junto com o oVirt.": two content words
  });

  it('skip headings and common words posing as terms', () => {
    expect(answers).not.toContain('Algumas Limitações');
    expect(answers).not.toContain('Arquivos'); // the notes use "arquivos" as an ordinary word
    for (const q of all) expect(q.options.map((o) => o.text)).not.toContain('Algumas Limitações');
  });

  it('skip a definition sharing a stem with the term, across languages (segurança → Security)', () => {
    expect(answers).not.toContain('Security');
    const fixture = generateTermQuestions(fixtureKb).map(correct);
    expect(fixture).not.toContain('gfs'); // "Sistema de arquivos gfs …"
    for (const q of all) expect(foldForSearch(q.prompt)).not.toContain(foldForSearch(correct(q)));
  });
});

describe('generated questions against curated ones and the errata', () => {
  const curatedPull: Question = {
    id: '330.5-docker-pull-01',
    topic: '330.5',
    kind: 'fill-in',
    prompt: 'p',
    explanation: 'e',
    source: 's',
    answers: ['docker pull'],
  };

  it('drop a generated question whose answer a curated question of the same topic asks for', () => {
    expect(generateQuestions(kb, { curated: [curatedPull] }).map(correct)).not.toContain('docker pull');
    expect(generateQuestions(kb, { curated: [{ ...curatedPull, topic: '330.4' }] }).map(correct)).toContain('docker pull');
  });

  const pauseEntry = virsh.find((e) => e.title === 'xl pause')!;
  const rmiEntry = virsh.find((e) => e.title === 'docker rmi')!;
  const controlvm = virsh.filter((e) => e.title === 'vboxmanage controlvm');
  const errata: Erratum[] = [
    { file: 'rules.txt', line: pauseEntry.lineStart, kind: 'fact', says: 'Pausar o guest', right: 'r', source: 's' },
    { file: 'rules.txt', line: rmiEntry.lineStart, kind: 'typo', says: 'imagemm', right: 'imagem', source: 'spelling' },
    { file: 'rules.txt', line: controlvm[1]!.lineStart, kind: 'typo', says: 'Resummir', right: 'Retomar', source: 'spelling' },
  ];
  const withErrata = generateQuestions(kb, { errata }) as SingleChoiceQuestion[];

  it('build nothing from an entry holding a fact erratum', () => {
    expect(withErrata.map(correct)).not.toContain('xl pause');
    expect(withErrata.map(correct)).toContain('xl reboot');
  });

  it('show typos corrected, in the entry they were written in, and keep sourceQuote verbatim', () => {
    const rmi = withErrata.find((q) => correct(q) === 'docker rmi')!;
    expect(byAnswer('docker rmi')!.prompt).toContain('imagemm');
    expect(rmi.prompt).toBe('Qual comando do `docker` usar para apagar uma imagem do host?');
    expect(rmi.explanation).not.toContain('imagemm');
    expect(rmi.sourceQuote).toBe('docker rmi NAME');
    const onlyResume = generateQuestions(kbOf([controlvm[1]!, ...virsh.filter((e) => e.title.startsWith('vboxmanage') && e !== controlvm[0] && e !== controlvm[1])]), {
      errata,
    }) as SingleChoiceQuestion[];
    expect(onlyResume.find((q) => correct(q) === 'vboxmanage controlvm')!.prompt).toBe('Qual comando do `vboxmanage` usar para retomar a máquina virtual?');
  });
});
