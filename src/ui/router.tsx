import { Component, createContext, h, type ComponentChildren, type ComponentType } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';

/**
 * The app's router, small on purpose (the public programme's JS budget is 50 KB gzip): the
 * current path from `location`, same-origin link clicks turned into history pushes, `:param`
 * segments, lazily loaded pages and an error boundary.
 */

export interface Location {
  path: string;
  /** Path parameters of the matched route (`/etapes/:id` → { id }). */
  params: Record<string, string>;
  /** Navigates inside the app (pushes a history entry, or replaces it). */
  route(url: string, replace?: boolean): void;
}

const LocationContext = createContext<Location>({ path: '/', params: {}, route: () => undefined });

export const useLocation = (): Location => useContext(LocationContext);

/** Matches `path` against a pattern with `:name` segments; returns the parameters or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.replace(/\/+$/, '').split('/');
  if (pattern === '/' ? path !== '/' : want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const actual = got[index] ?? '';
    if (segment.startsWith(':')) {
      if (!actual) return null;
      try {
        params[segment.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (segment !== actual) return null;
  }
  return params;
}

/** The link a click targets, if the app should follow it itself. */
function inAppLink(event: MouseEvent): HTMLAnchorElement | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = (event.target as Element | null)?.closest?.('a');
  if (!link || link.target || link.hasAttribute('download') || link.origin !== location.origin) return null;
  if (link.pathname.startsWith('/api/')) return null;
  return link;
}

/** Holds the current path: follows history, and turns same-origin link clicks into pushes. */
export function LocationProvider({ children }: { children: ComponentChildren }) {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    const onClick = (event: MouseEvent) => {
      const link = inAppLink(event);
      if (!link) return;
      event.preventDefault();
      if (link.href !== location.href) {
        history.pushState(null, '', link.href);
        scrollTo(0, 0);
      }
      setPath(location.pathname);
    };
    addEventListener('popstate', onPop);
    addEventListener('click', onClick);
    return () => {
      removeEventListener('popstate', onPop);
      removeEventListener('click', onClick);
    };
  }, []);
  const value: Location = {
    path,
    params: {},
    route(url, replace) {
      history[replace ? 'replaceState' : 'pushState'](null, '', url);
      setPath(location.pathname);
    },
  };
  return h(LocationContext.Provider, { value }, children);
}

export interface RouteDefinition {
  path: string;
  component: ComponentType;
}

/** Renders the first route matching the current path (with its parameters), or `fallback`. */
export function Router({ routes, fallback }: { routes: readonly RouteDefinition[]; fallback: ComponentType }) {
  const outer = useLocation();
  let params: Record<string, string> | null = null;
  const found = routes.find((candidate) => (params = matchPath(candidate.path, outer.path)) !== null);
  return h(LocationContext.Provider, { value: { ...outer, params: params ?? {} } }, h(found ? found.component : fallback, { key: found?.path }));
}

/** A page whose code loads on first use; nothing is shown while it loads (it is precached). */
export function lazy(load: () => Promise<ComponentType>): ComponentType {
  let loaded: ComponentType | undefined;
  return function LazyPage(props: object) {
    const [page, setPage] = useState(() => loaded);
    const [error, setError] = useState<unknown>();
    useEffect(() => {
      if (!page) load().then((component) => setPage(() => (loaded = component)), setError);
    }, []);
    if (error !== undefined) throw error; // shown by the ErrorBoundary around the pages
    return page ? h(page, props) : null;
  };
}

/** Shows `fallback` instead of a page that threw while rendering, rather than a blank app. */
export class ErrorBoundary extends Component<{ fallback: ComponentType<{ error: unknown }>; children: ComponentChildren }, { error?: unknown }> {
  override state: { error?: unknown } = {};
  static override getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    return this.state.error === undefined ? this.props.children : h(this.props.fallback, { error: this.state.error });
  }
}
