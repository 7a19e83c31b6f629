import { SHORTCUTS, STRINGS } from '../console/strings';
import { Modal } from './modal';

/** The list `?` opens. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Modal title={STRINGS.shortcutsTitle} onClose={onClose}>
      <dl className="shortcuts">
        {SHORTCUTS.map((shortcut) => (
          <div key={shortcut.key} className="shortcuts__row">
            <dt>
              <kbd>{shortcut.key}</kbd>
            </dt>
            <dd>{shortcut.does}</dd>
          </div>
        ))}
      </dl>
    </Modal>
  );
}
