/**
 * Grounding: the technical text a question treats as correct must come from the notes it cites.
 * Checked: every correct option and every accepted fill-in answer that names a command, a path or an
 * option (contains '/', starts with '-', is a key=value or a config/disk file name, or starts with a
 * known command word such as xl, virsh, qemu-img), plus the first accepted answer of every fill-in question
 * whatever it is. Each must appear, folded (case, accents, spaces), in the cited entry's text. A fill-in question's
 * `outsideNotes` answers (real alternatives the notes do not spell, such as `-device help`) are exempt.
 */
import type { Entry, KnowledgeBase } from '../notes/types.ts';
import { foldForSearch, normalizeFillIn } from './normalize.ts';
import type { Question } from './types.ts';

/** Command words of LPI 304 topic 330, besides the programs the notes' own command entries name. */
export const KNOWN_COMMAND_WORDS: ReadonlySet<string> = new Set([
  'xl', 'xe', 'xm', 'xentop', 'xenstore-ls', 'xenstore-read', 'xenstore-write', 'xenstore-rm', 'xenstore-list',
  'xen-create-image', 'xen-list-images', 'xen-delete-image', 'xenpm', 'xenmon', 'xentrace',
  'virsh', 'virt-install', 'virt-manager', 'virt-viewer', 'virt-clone', 'virt-top', 'virt-df', 'virt-v2v', 'virt-p2v',
  'virt-builder', 'virt-sysprep', 'virt-host-validate', 'virt-xml', 'virt-convert', 'virt-image',
  'qemu-img', 'qemu-nbd', 'qemu-system-x86_64', 'qemu-system-i386', 'qemu-kvm', 'qemu', 'kvm', 'kvm-ok',
  'guestfish', 'guestmount', 'libguestfs-test-tool', 'modprobe', 'lsmod', 'brctl', 'ip', 'tunctl', 'ovs-vsctl',
  'lxc', 'lxc-create', 'lxc-start', 'lxc-stop', 'lxc-attach', 'lxc-ls', 'lxc-info', 'lxc-destroy', 'lxc-console',
  'lxd', 'docker', 'vagrant', 'packer', 'openstack', 'nova', 'glance', 'neutron', 'cinder', 'keystone', 'swift',
  'cloud-init', 'euca2ools', 'opennebula', 'onevm', 'onehost', 'eucalyptus', 'vboxmanage', 'systemd-nspawn',
  'machinectl', 'chroot', 'debootstrap', 'egrep', 'grep', 'cat',
]);

/** Program names (first word) used by the notes' command entries. */
export function commandWordsOf(kb: KnowledgeBase): Set<string> {
  const words = new Set(KNOWN_COMMAND_WORDS);
  for (const entry of kb.entries) {
    if (entry.kind !== 'command') continue;
    for (const identifier of entry.identifiers) {
      const first = identifier.split(/\s+/)[0]!.toLowerCase();
      if (/^[a-z][\w.+-]+$/.test(first)) words.add(first);
    }
  }
  return words;
}

/** Whether a text names a command, a path, an option or a config file (so it must be quoted from the notes). */
export function looksTechnical(text: string, commandWords: ReadonlySet<string>): boolean {
  const value = normalizeFillIn(text);
  if (value.includes('/') || value.startsWith('-')) return true;
  if (/^[\w.-]+=\S*$/.test(value)) return true;
  if (/^[\w.-]+\.(?:conf|cfg|xml|img|qcow2|raw|vmdk|vdi|json|yaml|yml|ini)$/.test(value)) return true;
  return commandWords.has(value.split(' ')[0]!);
}

export interface GroundingProblem {
  questionId: string;
  message: string;
}

export function checkGrounding(questions: readonly Question[], kb: KnowledgeBase): GroundingProblem[] {
  const entries = new Map<string, Entry>(kb.entries.map((entry) => [entry.id, entry]));
  const commandWords = commandWordsOf(kb);
  const problems: GroundingProblem[] = [];
  for (const question of questions) {
    const entry = entries.get(question.source);
    if (!entry) {
      problems.push({ questionId: question.id, message: `unknown source entry "${question.source}"` });
      continue;
    }
    const haystack = foldForSearch(entry.text);
    const mustAppear =
      question.kind === 'fill-in'
        ? question.answers.filter(
            (answer, i) => i === 0 || (looksTechnical(answer, commandWords) && !question.outsideNotes?.includes(answer)),
          )
        : question.options.filter((option) => option.correct && looksTechnical(option.text, commandWords)).map((o) => o.text);
    for (const text of mustAppear) {
      if (!haystack.includes(normalizeFillIn(text))) {
        problems.push({
          questionId: question.id,
          message: `"${text}" does not appear in its source entry "${entry.id}" (${entry.title})`,
        });
      }
    }
  }
  return problems;
}
