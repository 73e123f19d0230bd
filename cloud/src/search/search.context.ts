import { contextPlugin } from '../http/context-plugin.js';
import { searchRoutes, type SearchRoutesOptions } from './search.routes.js';

/** Forensic search: a read model over the events (`/api/search`, `/api/search/histogram`). */
export const searchContext = contextPlugin<SearchRoutesOptions>('search', ['argus-auth', 'argus-events'], searchRoutes);
