// The embedded "legacy" addendum module: a plain form inside a same-origin
// iframe, as many web EHRs still have.
const text = document.getElementById('addendum-text');
const count = document.getElementById('addendum-count');
text.addEventListener('input', () => {
  count.textContent = String(text.value.length);
});
document.getElementById('addendum').addEventListener('submit', (e) => e.preventDefault());
