import { signOp, signingKeyOf } from '../shared/op-signature.ts';
import type { Op } from '../shared/protocol.ts';

/** The ops signed with this token's key (their author's signature, as in an exported file). */
export async function signAll(ops: readonly Op[], token: string): Promise<Op[]> {
  const key = await signingKeyOf(token);
  return Promise.all(ops.map(async (op) => ({ ...op, sig: await signOp(op, key) })));
}
