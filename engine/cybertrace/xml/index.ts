// The byte-preserving XML layer every configuration read and edit goes through (docs/CONFIG-XML.md).

export type { SemanticChange, XmlAttribute, XmlDocument, XmlEdit, XmlElement, XmlSource } from './types.js';
export { ConfigXmlError, isConfigXmlError, type ConfigXmlErrorCode } from './errors.js';
export { parseXmlDocument } from './parse-document.js';
export { findChild, findChildren, findPath } from './find.js';
export { applyXmlEdits } from './apply-edits.js';
export { semanticDiff } from './semantic-diff.js';
export { checkEditScope, type EditScopeResult } from './edit-scope.js';
export { unifiedDiff } from './unified-diff.js';
export { encodeLike } from './encode.js';
