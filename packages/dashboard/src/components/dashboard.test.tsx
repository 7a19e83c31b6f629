import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NOW_MS, snapshot } from '../test/fixtures';
import { Dashboard } from './dashboard';

const noRefresh = () => Promise.resolve();

function panelIds(container: HTMLElement): string[] {
  return [...container.querySelectorAll('section.panel')].map((section) => section.id);
}

describe('Dashboard', () => {
  it('renders every panel from one status document', () => {
    const { container } = render(
      <Dashboard
        snapshot={snapshot()}
        nowMs={NOW_MS}
        onRefresh={noRefresh}
        apiUrl="http://127.0.0.1:8000"
      />,
    );
    expect(panelIds(container)).toEqual([
      'overview',
      'stages',
      'quality',
      'alerts',
      'anomalies',
      'system',
      'monitor',
      'sources',
    ]);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Pipeline Monitor');
    expect(screen.getByTestId('connection-label').textContent).toContain('Real-time Updates');
    expect(screen.getByTestId('freshness').textContent).toBe('3 s ago');
    expect(screen.getByTestId('overall-status').textContent).toContain('Degraded');
    expect(container.querySelector('footer')?.textContent).toContain(
      'status of 15:30:58 · via WebSocket',
    );
    expect(container.querySelector('footer time')?.getAttribute('title')).toContain('update 128');
    for (const section of container.querySelectorAll('section.panel')) {
      expect(section.getAttribute('aria-busy')).toBe('false');
    }
  });

  it('shows the same panels as busy skeletons before the first status, so nothing moves later', () => {
    const loading = render(
      <Dashboard
        snapshot={snapshot({
          state: 'connecting',
          transport: null,
          status: null,
          seq: null,
          receivedAt: null,
        })}
        nowMs={NOW_MS}
        onRefresh={noRefresh}
        apiUrl="http://127.0.0.1:8000"
      />,
    );
    const ids = panelIds(loading.container);
    expect(ids).toHaveLength(8);
    for (const section of loading.container.querySelectorAll('section.panel')) {
      expect(section.getAttribute('aria-busy')).toBe('true');
    }
    expect(screen.getByTestId('connection-label').textContent).toBe('Reconnecting...');
    expect(screen.getByTestId('freshness').textContent).toBe('No data yet');
    expect(screen.queryByTestId('status-banner')).toBeNull();
    expect(loading.container.querySelector('.app--unavailable')).toBeNull();
  });

  it('keeps the last data on an error and says when it was received', () => {
    render(
      <Dashboard
        snapshot={snapshot({
          state: 'reconnecting',
          error: { code: 'network', message: 'socket closed' },
          attempt: 2,
        })}
        nowMs={NOW_MS + 60_000}
        onRefresh={noRefresh}
        apiUrl="http://127.0.0.1:8000"
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain(
      'Live updates interrupted: socket closed.',
    );
    expect(screen.getByTestId('last-received').textContent).toContain('(63 s ago)');
    expect(screen.getByTestId('overview-articles').textContent).toContain('125');
    expect(screen.getByTestId('freshness').textContent).toBe('63 s ago');
  });

  it('stops the skeleton shimmer when unauthorized with no data, and says why', () => {
    const { container } = render(
      <Dashboard
        snapshot={snapshot({
          state: 'disconnected',
          transport: null,
          status: null,
          receivedAt: null,
          seq: null,
          error: { code: 'unauthorized', message: 'Unauthorized' },
        })}
        nowMs={NOW_MS}
        onRefresh={noRefresh}
        apiUrl="http://127.0.0.1:8000"
      />,
    );
    expect(container.querySelector('.app--unavailable')).not.toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('Unauthorized');
    expect(screen.getByTestId('connection-label').textContent).toBe('Disconnected');
  });

  it('offers a skip link to the main content and shows configuration warnings', () => {
    render(
      <Dashboard
        snapshot={snapshot()}
        nowMs={NOW_MS}
        onRefresh={noRefresh}
        apiUrl="http://127.0.0.1:8000"
        warnings={['Ignored API URL from query ("x")']}
      />,
    );
    expect(screen.getByRole('link', { name: 'Skip to content' }).getAttribute('href')).toBe(
      '#main',
    );
    expect(screen.getByText('Ignored API URL from query ("x")')).toBeTruthy();
  });
});
