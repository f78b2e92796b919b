// The join link's details are in its fragment, which only the browser sees: nothing to prerender.
export const ssr = false;
