import { fail, redirect } from '@sveltejs/kit';
import { extractCredentialFromPdf } from '@kindred/certificates/pdf-attachment';
import { api } from '$lib/server/api';
import { credentialUuidIn } from '$lib/verify-id';
import type { Actions, PageServerLoad } from './$types';
import { formString } from '$lib/form';

const MAX_FILE = 5 * 1024 * 1024;

export const load: PageServerLoad = async (event) => {
  const id = event.url.searchParams.get('id');
  if (id !== null) {
    const uuid = credentialUuidIn(id);
    if (uuid) redirect(303, `/verify/${uuid}`);
    return { idError: true, id, issuers: [] };
  }
  const issuers = await api(event).GET('/api/issuers');
  return { idError: false, id: '', issuers: issuers.data ?? [] };
};

/** The credential inside an uploaded PDF (its attachment) or JSON file, or pasted JSON. */
async function credentialFrom(form: FormData): Promise<{
  credential?: Record<string, unknown>;
  problem?: 'noFile' | 'notJson' | 'noAttachment';
}> {
  const file = form.get('file');
  const pasted = formString(form, 'json').trim();
  let bytes: Buffer | undefined;
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_FILE) return { problem: 'notJson' };
    bytes = Buffer.from(await file.arrayBuffer());
  } else if (pasted) bytes = Buffer.from(pasted, 'utf8');
  if (!bytes) return { problem: 'noFile' };
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    try {
      return { credential: extractCredentialFromPdf(bytes) };
    } catch {
      return { problem: 'noAttachment' };
    }
  }
  try {
    const parsed = JSON.parse(bytes.toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? { credential: parsed }
      : { problem: 'notJson' };
  } catch {
    return { problem: 'notJson' };
  }
}

export const actions: Actions = {
  file: async (event) => {
    const { credential, problem } = await credentialFrom(await event.request.formData());
    if (!credential) return fail(400, { problem });
    const { data, error, response } = await api(event).POST('/api/credentials/verify', {
      body: { verifiableCredential: credential },
    });
    // 400 is the API's "not valid" answer, with the same verdict and checks
    const result = data ?? (error && 'verdict' in error ? error : undefined);
    if (!result)
      return fail(response.status, {
        problem: 'notJson' as const,
        message: (error as { message?: string } | undefined)?.message,
      });
    return { result, credential };
  },
};
