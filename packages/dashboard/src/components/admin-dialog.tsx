import { useState, type FormEvent } from 'react';
import { STRINGS } from '../console/strings';
import { Modal } from './modal';

/** Props of {@link AdminDialog}. */
export interface AdminDialogProps {
  onSignIn: (token: string) => void;
  onClose: () => void;
}

/**
 * "Sign in for alert actions": the operator types an admin token. It goes to sessionStorage and
 * the Authorization header only; the server records the token's name as who acted.
 */
export function AdminDialog({ onSignIn, onClose }: AdminDialogProps) {
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim() === '') return setProblem('Enter the admin token.');
    onSignIn(token.trim());
  };

  return (
    <Modal title={STRINGS.signInTitle} onClose={onClose}>
      <form className="modal__form" onSubmit={submit}>
        <p className="muted">{STRINGS.adminHow}</p>
        <label className="field">
          <span>Admin token</span>
          <input
            type="password"
            autoComplete="off"
            value={token}
            onChange={(event) => setToken(event.target.value)}
          />
        </label>
        {problem && (
          <p className="text-bad" role="alert">
            {problem}
          </p>
        )}
        <div className="modal__actions">
          <button type="submit" className="button button--primary">
            Sign in
          </button>
        </div>
      </form>
    </Modal>
  );
}
