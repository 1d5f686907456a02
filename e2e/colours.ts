// The web app's highlight and severity colours, read from their source so that the test and the app agree.
export { HIGHLIGHT_COLOR as HIGHLIGHT } from '@calepin/map-kit';
export { SEVERITY_COLORS } from '@calepin/core';
