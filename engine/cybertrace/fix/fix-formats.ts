import { offTargetDetail } from '../../../shared/requirements/compare/compare-observation.js';
import { FORMAT_ELEMENTS } from '../../../shared/requirements/values/formats.js';
import { xmlTextValue } from '../model/locate.js';
import type { XmlEdit } from '../xml/types.js';
import { serviceOf } from './sides.js';
import { editsOnly, refuse, type Fixer } from './types.js';
import { rawSnippet } from './xml-snippets.js';
import { sameXmlText } from '../../../shared/requirements/values/xml-text.js';

/**
 * Requirement 7: each format element that differs gets the reference's text (the reference's element is
 * copied when one side uses CDATA and the other not, or when the instance lacks it). Refused when the
 * reference's own EventFormat does not start with %REQ%: copying it would copy the mistake.
 */
export const fixFormats: Fixer = ({ instance, reference, ctx }) => {
  const refOff = offTargetDetail('req7', reference.observations.req7, ctx);
  if (refOff !== undefined) return refuse(`the reference is not as documented (${refOff}); fix the reference's formats first`);
  const service = serviceOf(instance, 'instance');
  const refService = serviceOf(reference, 'reference');
  if (typeof service === 'string') return refuse(service);
  if (typeof refService === 'string') return refuse(refService);

  const edits: XmlEdit[] = [];
  const allowed: string[] = [];
  for (const name of FORMAT_ELEMENTS) {
    const mine = service.formats[name];
    const theirs = refService.formats[name].element;
    const mineText = mine.element ? xmlTextValue(mine.element) : null;
    const theirText = theirs ? xmlTextValue(theirs) : null;
    if (sameXmlText(mineText, theirText)) continue;
    if (!theirs || theirText === null)
      return refuse(`the reference has no ${refService.formats[name].where}; this instance's cannot be made identical to nothing`);
    if (mine.element) {
      allowed.push(mine.element.path);
      edits.push(
        mine.element.cdata === theirs.cdata
          ? { kind: 'set-text', element: mine.element, text: theirText }
          : { kind: 'replace-element', element: mine.element, xml: rawSnippet(refService.file.doc, theirs) },
      );
    } else if (mine.parent) {
      allowed.push(mine.parent.path);
      edits.push({ kind: 'insert-child', parent: mine.parent, xml: rawSnippet(refService.file.doc, theirs), position: 'last' });
    } else {
      return refuse(`no element to hold ${mine.where} on this instance`);
    }
  }
  return editsOnly({ file: 'serviceConf', edits, allowedPaths: allowed });
};
