import * as React from "react";

/**
 * The components' JSX factory (`/** @jsx h *\/` atop each): React.createElement under a name of its
 * own, which the minifier shortens to one letter at each of the many elements, where the property
 * `React.createElement` would stay whole. The bundle ships to every user of every app.
 */
export const h = React.createElement;
