// Inline errors next to fields. The host validates every write and answers with a `validation`
// message; the page may also flag input it can tell is wrong before sending it.
import { uid } from './dom';

interface Binding {
  control: HTMLElement;
  error: HTMLElement;
}

export class FieldErrors {
  private readonly bindings = new Map<string, Binding>();
  private readonly current = new Map<string, string>();

  /** Returns the element to place after the field; it is wired to the control via aria-describedby. */
  register(field: string, control: HTMLElement): HTMLElement {
    const error = document.createElement('p');
    error.className = 'field-error';
    error.id = uid('error');
    error.setAttribute('role', 'alert');
    error.hidden = true;
    error.dataset.errorFor = field;
    const describedBy = control.getAttribute('aria-describedby');
    control.setAttribute('aria-describedby', describedBy ? `${describedBy} ${error.id}` : error.id);
    this.bindings.set(field, { control, error });
    return error;
  }

  /** Shows (message) or clears (undefined) a field's error. False when no field has that name. */
  set(field: string, message: string | undefined): boolean {
    if (message === undefined) this.current.delete(field);
    else this.current.set(field, message);
    const binding = this.bindings.get(field);
    if (!binding) return false;
    binding.error.textContent = message ?? '';
    binding.error.hidden = message === undefined;
    if (message === undefined) binding.control.removeAttribute('aria-invalid');
    else binding.control.setAttribute('aria-invalid', 'true');
    return true;
  }

  has(field: string): boolean {
    return this.current.has(field);
  }
}
