// The demo EHR's note screen: a banner, a list of notes, a read-only view of
// the selected note, and three editors (textarea, contenteditable, iframe).
// It knows nothing about the extension.
import { NOTES, PATIENT } from './notes.js';

const $ = (id) => document.getElementById(id);

function renderBanner() {
  $('pt-name').textContent = PATIENT.name;
  const facts = [
    ['MRN', PATIENT.mrn.replace(/^MRN\s*/, '')],
    ['DOB', `${PATIENT.dob} (${PATIENT.age} ${PATIENT.sex})`],
    ['PCP', PATIENT.pcp.replace(/^PCP:\s*/, '')],
    ['Coverage', PATIENT.coverage],
    ['Program', PATIENT.program],
  ];
  const dl = $('pt-facts');
  for (const [k, v] of facts) {
    const div = document.createElement('div');
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = k;
    dd.textContent = v;
    div.append(dt, dd);
    dl.append(div);
  }
  const alert = document.createElement('span');
  alert.className = 'allergy';
  alert.textContent = PATIENT.allergies;
  $('pt-alerts').append(alert);
}

let selected = null;

function selectNote(id) {
  const note = NOTES.find((n) => n.id === id) ?? NOTES[0];
  selected = note;
  for (const li of $('notes').children) {
    const on = li.dataset.id === note.id;
    li.classList.toggle('selected', on);
    li.setAttribute('aria-selected', String(on));
  }
  $('view-title').textContent = note.title;
  $('view-meta').textContent = `${note.date} · ${note.type} · ${note.author}`;
  // The note body is plain text in a pre-wrap block, like most EHR viewers.
  $('note-view').textContent = note.text;
  $('view-signed').textContent = `Electronically signed by ${note.author} on ${note.date}`;
  history.replaceState(null, '', `#${note.id}`);
}

function renderList() {
  const ul = $('notes');
  for (const n of NOTES) {
    const li = document.createElement('li');
    li.dataset.id = n.id;
    li.setAttribute('role', 'option');
    li.tabIndex = 0;
    const title = document.createElement('div');
    title.className = 'li-title';
    title.textContent = n.title;
    const meta = document.createElement('div');
    meta.className = 'li-meta';
    meta.textContent = `${n.date.slice(0, 10)} · ${n.type}`;
    const author = document.createElement('div');
    author.className = 'li-author';
    author.textContent = n.author;
    li.append(title, meta, author);
    li.addEventListener('click', () => selectNote(n.id));
    li.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        selectNote(n.id);
      }
    });
    ul.append(li);
  }
  $('note-count').textContent = String(NOTES.length);
}

function toast(msg) {
  const t = $('toast');
  t.textContent = msg;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.textContent = ''), 2500);
}

function wireEditors() {
  const plain = $('note-plain');
  const count = () => ($('plain-count').textContent = String(plain.value.length));
  plain.addEventListener('input', count);

  // "Copy forward" sets the textarea's value from script, without events,
  // as many EHRs do.
  $('copy-forward').addEventListener('click', () => {
    if (!selected) return;
    plain.value = `${selected.text}\n\nUpdate ${new Date().toISOString().slice(0, 10)}: `;
    count();
    plain.focus();
    plain.setSelectionRange(plain.value.length, plain.value.length);
  });

  const rich = $('note-rich');
  for (const b of document.querySelectorAll('.rte-toolbar button')) {
    b.addEventListener('mousedown', (e) => e.preventDefault()); // keep the selection
    b.addEventListener('click', () => {
      rich.focus();
      if (b.dataset.cmd) document.execCommand(b.dataset.cmd, false);
      if (b.dataset.insert === 'dap') document.execCommand('insertText', false, 'D: \nA: \nP: ');
    });
  }

  $('save-draft').addEventListener('click', () => toast('Draft saved (demo: nothing is stored).'));
  $('sign').addEventListener('click', () => toast('Signing is disabled in the demo.'));
}

renderBanner();
renderList();
wireEditors();
selectNote(location.hash.slice(1));
