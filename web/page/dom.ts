// A tiny element builder: the page is plain DOM, and this keeps its views readable without a
// framework. Text always goes through textContent, never innerHTML.

type Attributes = Record<string, string | number | boolean | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/** Set text only when it differs, so a ticking countdown does not churn the DOM. */
export function setText(node: Element, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
