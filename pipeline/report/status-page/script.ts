/**
 * The page's only script: shows the copy buttons and copies a command with the Clipboard API, or by
 * selecting it where that is refused (some browsers on `file://`). Without it the command stays plain text.
 */
export const PAGE_SCRIPT = `(() => {
  const status = document.getElementById('copy-status');
  const selectText = (node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try { return document.execCommand('copy'); } catch { return false; }
  };
  for (const button of document.querySelectorAll('button[data-copy]')) {
    const source = document.getElementById(button.dataset.copy);
    const label = button.querySelector('.copy-label');
    if (!source || !label) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
      const text = source.textContent;
      let copied = false;
      try {
        await navigator.clipboard.writeText(text);
        copied = true;
      } catch {
        copied = selectText(source);
      }
      label.textContent = copied ? 'Copied' : 'Press Ctrl+C';
      status.textContent = copied ? 'Copied: ' + text : 'The command is selected: press Ctrl+C to copy it';
      button.dataset.copied = String(copied);
      setTimeout(() => { label.textContent = 'Copy'; }, 2000);
    });
  }
})();`;
