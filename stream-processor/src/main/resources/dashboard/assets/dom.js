// DOM construction without markup: every string from the pipeline (device ids, metric names, text values,
// alert messages) becomes a text node or an attribute value, never HTML. Nothing here assigns innerHTML.

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(node, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      node.setAttribute('class', value);
    } else if (key === 'text') {
      node.textContent = String(value);
    } else if (key === 'data') {
      for (const [k, v] of Object.entries(value)) {
        node.dataset[k] = String(v);
      }
    } else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

/** Appends children: nodes as they are, strings and numbers as text, arrays flattened, null skipped. */
export function append(node, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element: {@code el('a', {href: '#/', class: 'x', text: 'label'}, ...children)}. */
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  apply(node, props);
  return append(node, ...children);
}

/** An SVG element; attributes are presentation attributes, never style. */
export function svg(tag, props, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  apply(node, props);
  return append(node, ...children);
}

/** Replaces all children of {@code node}. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, ...children);
}
