// Every screen is built from elements and text nodes, so server data never passes through an HTML parser
// (no innerHTML anywhere: a display name like "<img onerror=…>" stays text).

/**
 * el('button', {type: 'button', onclick: go}, 'Label', childNode)
 * Props starting with "on" become listeners; known DOM properties are set as properties; the rest
 * (aria-*, data-*, class) as attributes. null, undefined and false props and children are skipped.
 */
function present(children) {
  return children.flat().filter((child) => child !== null && child !== undefined && child !== false);
}

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else if (name in node) {
      node[name] = value;
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  node.append(...present(children));
  return node;
}

/** Replaces a node's children, skipping null, undefined and false as el() does (a screen drawn again). */
export function replaceContent(node, ...children) {
  node.replaceChildren(...present(children));
}
