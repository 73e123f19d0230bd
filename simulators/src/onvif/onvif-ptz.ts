import { DEFAULT_PTZ_TIMEOUT_MS, PTZ_NODE_TOKEN, type OperationHandler } from './onvif-context.js';
import { ptzConfigurationXml, PTZ_SPACES, streamOfProfile } from './onvif-media.js';
import { absoluteMove, continuousMove, gotoHome, MAX_PTZ_PRESETS, positionAt, relativeMove, savePreset, statusAt, stopMove, type PtzPreset, type PtzVector } from './ptz-state.js';
import { FAULTS, formatDateTime, parseXsDuration } from './soap-envelope.js';
import { childOf, escapeXml, type XmlElement } from './xml-tree.js';

/** PTZ service (ver20/ptz): one node per camera, in the generic spaces, on the `main` profile. */

function range(min: number, max: number): string {
  return `<tt:Min>${min}</tt:Min><tt:Max>${max}</tt:Max>`;
}

function space(tag: string, uri: string, x: [number, number], y?: [number, number]): string {
  return `<tt:${tag}><tt:URI>${uri}</tt:URI><tt:XRange>${range(...x)}</tt:XRange>${y ? `<tt:YRange>${range(...y)}</tt:YRange>` : ''}</tt:${tag}>`;
}

export function ptzNodeXml(tag = 'tptz:PTZNode'): string {
  return (
    `<${tag} token="${PTZ_NODE_TOKEN}" FixedHomePosition="true" GeoMove="false"><tt:Name>PTZ</tt:Name><tt:SupportedPTZSpaces>` +
    space('AbsolutePanTiltPositionSpace', PTZ_SPACES.absolutePanTilt, [-1, 1], [-1, 1]) +
    space('AbsoluteZoomPositionSpace', PTZ_SPACES.absoluteZoom, [0, 1]) +
    space('RelativePanTiltTranslationSpace', PTZ_SPACES.relativePanTilt, [-1, 1], [-1, 1]) +
    space('RelativeZoomTranslationSpace', PTZ_SPACES.relativeZoom, [-1, 1]) +
    space('ContinuousPanTiltVelocitySpace', PTZ_SPACES.continuousPanTilt, [-1, 1], [-1, 1]) +
    space('ContinuousZoomVelocitySpace', PTZ_SPACES.continuousZoom, [-1, 1]) +
    space('PanTiltSpeedSpace', PTZ_SPACES.panTiltSpeed, [0, 1]) +
    space('ZoomSpeedSpace', PTZ_SPACES.zoomSpeed, [0, 1]) +
    `</tt:SupportedPTZSpaces><tt:MaximumNumberOfPresets>${MAX_PTZ_PRESETS}</tt:MaximumNumberOfPresets><tt:HomeSupported>true</tt:HomeSupported></${tag}>`
  );
}

function number(el: XmlElement | undefined, attr: string): number | undefined {
  const text = el?.attrs.get(attr);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw FAULTS.invalidArg(`${attr}=${JSON.stringify(text)} is not a number`);
  return value;
}

/** Reads a PTZVector (`<PanTilt x y/><Zoom x/>`); axes not given are left out. */
export function readPtzVector(el: XmlElement | undefined): Partial<PtzVector> {
  const panTilt = childOf(el, 'PanTilt');
  const zoom = childOf(el, 'Zoom');
  const out: { pan?: number; tilt?: number; zoom?: number } = {};
  const pan = number(panTilt, 'x');
  const tilt = number(panTilt, 'y');
  const z = number(zoom, 'x');
  if (pan !== undefined) out.pan = pan;
  if (tilt !== undefined) out.tilt = tilt;
  if (z !== undefined) out.zoom = z;
  return out;
}

/** Only the main profile carries the PTZ configuration. */
function requirePtzProfile(operation: XmlElement): void {
  if (streamOfProfile(operation) !== 'main') throw FAULTS.invalidArg('the profile has no PTZ configuration', 'ter:NoPTZProfile');
}

const round = (value: number): number => Math.round(value * 1e4) / 1e4;

function presetXml(preset: PtzPreset): string {
  const { pan, tilt, zoom } = preset.position;
  return (
    `<tptz:Preset token="${escapeXml(preset.token)}"><tt:Name>${escapeXml(preset.name)}</tt:Name><tt:PTZPosition>` +
    `<tt:PanTilt x="${round(pan)}" y="${round(tilt)}" space="${PTZ_SPACES.absolutePanTilt}"/><tt:Zoom x="${round(zoom)}" space="${PTZ_SPACES.absoluteZoom}"/>` +
    `</tt:PTZPosition></tptz:Preset>`
  );
}

export const ptzOperations: Readonly<Record<string, OperationHandler>> = {
  GetNodes: () => `<tptz:GetNodesResponse>${ptzNodeXml()}</tptz:GetNodesResponse>`,
  GetNode: (op) => {
    const token = childOf(op, 'NodeToken')?.text;
    if (token !== PTZ_NODE_TOKEN) throw FAULTS.invalidArg(`no PTZ node ${JSON.stringify(token ?? '')}`, 'ter:NoEntity');
    return `<tptz:GetNodeResponse>${ptzNodeXml('tptz:PTZNode')}</tptz:GetNodeResponse>`;
  },
  GetConfigurations: () => `<tptz:GetConfigurationsResponse>${ptzConfigurationXml('tptz:PTZConfiguration')}</tptz:GetConfigurationsResponse>`,
  GetConfiguration: () => `<tptz:GetConfigurationResponse>${ptzConfigurationXml('tptz:PTZConfiguration')}</tptz:GetConfigurationResponse>`,
  GetServiceCapabilities: () =>
    `<tptz:GetServiceCapabilitiesResponse><tptz:Capabilities EFlip="false" Reverse="false" GetCompatibleConfigurations="false" MoveStatus="true" StatusPosition="true"/></tptz:GetServiceCapabilitiesResponse>`,
  GetStatus: (op, ctx) => {
    requirePtzProfile(op);
    const status = statusAt(ctx.ptzState(), ctx.nowMs());
    const { pan, tilt, zoom } = status.position;
    return (
      `<tptz:GetStatusResponse><tptz:PTZStatus><tt:Position>` +
      `<tt:PanTilt x="${round(pan)}" y="${round(tilt)}" space="${PTZ_SPACES.absolutePanTilt}"/><tt:Zoom x="${round(zoom)}" space="${PTZ_SPACES.absoluteZoom}"/>` +
      `</tt:Position><tt:MoveStatus><tt:PanTilt>${status.panTiltMoving ? 'MOVING' : 'IDLE'}</tt:PanTilt><tt:Zoom>${status.zoomMoving ? 'MOVING' : 'IDLE'}</tt:Zoom></tt:MoveStatus>` +
      `<tt:UtcTime>${formatDateTime(ctx.cameraNowMs())}</tt:UtcTime></tptz:PTZStatus></tptz:GetStatusResponse>`
    );
  },
  ContinuousMove: (op, ctx) => {
    requirePtzProfile(op);
    const velocity = readPtzVector(childOf(op, 'Velocity'));
    const timeoutText = childOf(op, 'Timeout')?.text;
    const timeout = timeoutText === undefined ? DEFAULT_PTZ_TIMEOUT_MS : parseXsDuration(timeoutText);
    if (timeout === undefined) throw FAULTS.invalidArg(`Timeout ${JSON.stringify(timeoutText)} is not a duration`);
    ctx.setPtzState(continuousMove(ctx.ptzState(), velocity, ctx.nowMs(), timeout));
    return '<tptz:ContinuousMoveResponse/>';
  },
  Stop: (op, ctx) => {
    requirePtzProfile(op);
    const flag = (name: string): boolean | undefined => {
      const text = childOf(op, name)?.text;
      return text === undefined ? undefined : text === 'true' || text === '1';
    };
    const panTilt = flag('PanTilt');
    const zoom = flag('Zoom');
    // Neither given means stop both (ONVIF: "if no Axis is given, all are stopped").
    const both = panTilt === undefined && zoom === undefined;
    ctx.setPtzState(stopMove(ctx.ptzState(), ctx.nowMs(), { panTilt: both || panTilt === true, zoom: both || zoom === true }));
    return '<tptz:StopResponse/>';
  },
  AbsoluteMove: (op, ctx) => {
    requirePtzProfile(op);
    ctx.setPtzState(absoluteMove(ctx.ptzState(), readPtzVector(childOf(op, 'Position')), ctx.nowMs()));
    return '<tptz:AbsoluteMoveResponse/>';
  },
  RelativeMove: (op, ctx) => {
    requirePtzProfile(op);
    ctx.setPtzState(relativeMove(ctx.ptzState(), readPtzVector(childOf(op, 'Translation')), ctx.nowMs()));
    return '<tptz:RelativeMoveResponse/>';
  },
  GetPresets: (op, ctx) => {
    requirePtzProfile(op);
    return `<tptz:GetPresetsResponse>${ctx.ptzPresets().map(presetXml).join('')}</tptz:GetPresetsResponse>`;
  },
  GotoPreset: (op, ctx) => {
    requirePtzProfile(op);
    const token = childOf(op, 'PresetToken')?.text;
    const preset = ctx.ptzPresets().find((p) => p.token === token);
    if (!preset) throw FAULTS.invalidArg(`no preset ${JSON.stringify(token ?? '')}`, 'ter:NoToken');
    // Simplified like AbsoluteMove: the head is there at once.
    ctx.setPtzState(absoluteMove(ctx.ptzState(), preset.position, ctx.nowMs()));
    return '<tptz:GotoPresetResponse/>';
  },
  SetPreset: (op, ctx) => {
    requirePtzProfile(op);
    const name = childOf(op, 'PresetName')?.text;
    const token = childOf(op, 'PresetToken')?.text;
    if (token !== undefined && !ctx.ptzPresets().some((p) => p.token === token)) throw FAULTS.invalidArg(`no preset ${JSON.stringify(token)}`, 'ter:NoToken');
    const saved = savePreset(ctx.ptzPresets(), positionAt(ctx.ptzState(), ctx.nowMs()), name, token);
    if (!saved) throw FAULTS.invalidArg(`at most ${MAX_PTZ_PRESETS} presets`, 'ter:TooManyPresets');
    ctx.setPtzPresets(saved.presets);
    return `<tptz:SetPresetResponse><tptz:PresetToken>${escapeXml(saved.token)}</tptz:PresetToken></tptz:SetPresetResponse>`;
  },
  RemovePreset: (op, ctx) => {
    requirePtzProfile(op);
    const token = childOf(op, 'PresetToken')?.text;
    if (!ctx.ptzPresets().some((p) => p.token === token)) throw FAULTS.invalidArg(`no preset ${JSON.stringify(token ?? '')}`, 'ter:NoToken');
    ctx.setPtzPresets(ctx.ptzPresets().filter((p) => p.token !== token));
    return '<tptz:RemovePresetResponse/>';
  },
  GotoHomePosition: (op, ctx) => {
    requirePtzProfile(op);
    ctx.setPtzState(gotoHome(ctx.ptzState(), ctx.nowMs()));
    return '<tptz:GotoHomePositionResponse/>';
  },
};
