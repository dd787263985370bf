// The article viewer scrolls its marked passage into view whenever it shows a new article or passage.
watch('value', () => requestAnimationFrame(() => {
  const mark = element.querySelector('#cds-focus');
  const box = mark && mark.closest('.cds-article-text');
  if (!box) return;
  box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 4);
  mark.scrollIntoView({block: 'nearest'});
}));
