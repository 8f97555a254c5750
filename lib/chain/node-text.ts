// Text that comes from a node (RPC error messages, decoded values) is echoed in
// our messages only capped and on one line: a broken or malicious node must not
// fill a log or a validator's reason column.
export const MAX_NODE_TEXT = 200;

export function capText(text: string, max = MAX_NODE_TEXT): string {
  const line = text.replace(/[\r\n]+/g, ' ');
  return line.length > max ? `${line.slice(0, max)}… (${line.length} characters)` : line;
}
