import { useState, type FormEvent } from 'react';
import { STRINGS } from '../console/strings';
import { Modal } from './modal';

/** Props of {@link AdminDialog}. */
export interface AdminDialogProps {
  /** The name last used, prefilled. */
  operator: string;
  onSignIn: (token: string, operator: string) => void;
  onClose: () => void;
}

/**
 * "Sign in for alert actions": the operator types an admin token and their name (the API
 * records who acted). The token goes to sessionStorage and the Authorization header only.
 */
export function AdminDialog({ operator, onSignIn, onClose }: AdminDialogProps) {
  const [token, setToken] = useState('');
  const [name, setName] = useState(operator);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim() === '') return setProblem('Enter the admin token.');
    if (name.trim() === '')
      return setProblem('Enter your name: acknowledgements record who acted.');
    onSignIn(token.trim(), name.trim().slice(0, 100));
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
        <label className="field">
          <span>Your name</span>
          <input
            type="text"
            autoComplete="name"
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.target.value)}
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
