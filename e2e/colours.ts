// The web app's highlight colour, read from its source so that the test and the app agree.
export { HIGHLIGHT_COLOR as HIGHLIGHT } from '../web/src/map/style';
export { SEVERITY_COLORS } from '../web/src/map/style';
