/**
 * Words the Porter stemmer folds together although they mean different things: "customers" and
 * "customs" both stem to "custom", so a question about a shop's customers would search for U.S.
 * Customs. Each line is one stem's words split into their senses (families separated by "|"); a query
 * word expands only to indexed words of its own family. Like Snowball's exception lists, this is kept
 * short and general: words of ordinary English, not of one question, and US postal codes a member types
 * for a state ("a store in WA": Washington, not "was").
 */
const FAMILIES = `
customer customers | custom customs
author authors authored | authority authorities | authorize authorized authorizes authorization authorizations
community communities | communicate communicated communicates communication communications
correct correctly correction | correctional corrections
design designs designed | designate designated designates designation
execute executed executes executing execution | executive executives
general generally | generate generated generates generating generation generations | generative
import imports imported importing importation | important importance
integration integrations | integrity
internal | international internationally
like likes liked | likely | likeness
memorial memorials | memory memories
minor minors | minority minorities
organ organs | organization organizations organisation organisations organize organized organise organised organizer organizers organiser organisers
origin origins | original originally
position positions | positive positives positively
practical practically | practice practices
public publicly | publication publications
put puts putting | putative
remark remarks | remarkable remarkably
universal universally | university universities
new | news
wa | was
ga | gas
`;

const familyOf = new Map<string, number>();
let next = 0;
for (const line of FAMILIES.trim().split('\n'))
  for (const family of line.split('|')) {
    const id = next++;
    for (const word of family.trim().split(/\s+/)) familyOf.set(word, id);
  }

/**
 * False when `a` and `b` share a stem but belong to different listed senses ("customers", "customs");
 * true otherwise, including for words the list does not name.
 */
export function sameSense(a: string, b: string): boolean {
  const fa = familyOf.get(a);
  const fb = familyOf.get(b);
  return fa === undefined || fb === undefined || fa === fb;
}
