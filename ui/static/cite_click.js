// Clicks on citation links (markers in the chat, cards in the sources panel) anywhere on the page are sent to
// the server as one event of the sources panel (gr.HTML js_on_load: `trigger` carries {turn, cite}).
// Chatbot's sanitiser drops data-* attributes but keeps href, hence the fragment link (ui/render.py cite_href).
window.cdsTrigger = trigger;
if (!window.cdsCiteListener) {
  window.cdsCiteListener = (event) => {
    const link = event.target.closest('a[href^="#cite-"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const [turn, cite] = link.getAttribute('href').slice('#cite-'.length).split('-').map(Number);
    window.cdsTrigger('click', {turn: turn, cite: cite});
  };
  document.addEventListener('click', window.cdsCiteListener, true);
}
