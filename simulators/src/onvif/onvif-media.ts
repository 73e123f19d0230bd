import { frameRateValue, type SceneFrames } from '../scene/scene-frames.js';
import { CAMERA_STREAMS, type CameraStream } from '../simulated-camera.js';
import {
  DEFAULT_PTZ_TIMEOUT_MS,
  ENCODER_TOKENS,
  PROFILE_NAMES,
  PROFILE_TOKENS,
  PTZ_CONFIG_TOKEN,
  PTZ_NODE_TOKEN,
  VIDEO_SOURCE_CONFIG_TOKEN,
  VIDEO_SOURCE_TOKEN,
  type OnvifContext,
  type OperationHandler,
} from './onvif-context.js';
import { FAULTS, formatXsDuration } from './soap-envelope.js';
import { childOf, escapeXml, pathOf, type XmlElement } from './xml-tree.js';

/** Media service (ver10/media): two fixed profiles per camera, `main` and `sub`. */

export const PTZ_SPACES = {
  absolutePanTilt: 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace',
  absoluteZoom: 'http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace',
  relativePanTilt: 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/TranslationGenericSpace',
  relativeZoom: 'http://www.onvif.org/ver10/tptz/ZoomSpaces/TranslationGenericSpace',
  continuousPanTilt: 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocityGenericSpace',
  continuousZoom: 'http://www.onvif.org/ver10/tptz/ZoomSpaces/VelocityGenericSpace',
  panTiltSpeed: 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/GenericSpeedSpace',
  zoomSpeed: 'http://www.onvif.org/ver10/tptz/ZoomSpaces/ZoomGenericSpeedSpace',
} as const;

/** H.264 profile name from profile_idc (first byte of profile-level-id). */
export function h264ProfileName(profileLevelId: string): 'Baseline' | 'Main' | 'Extended' | 'High' {
  const idc = Number.parseInt(profileLevelId.slice(0, 2), 16);
  if (idc === 77) return 'Main';
  if (idc === 88) return 'Extended';
  if (idc >= 100) return 'High';
  return 'Baseline';
}

function fpsOf(scene: SceneFrames): number {
  return Math.round(frameRateValue(scene.fps) * 100) / 100;
}

export function videoSourceConfigurationXml(main: SceneFrames, tag = 'tt:VideoSourceConfiguration'): string {
  return (
    `<${tag} token="${VIDEO_SOURCE_CONFIG_TOKEN}"><tt:Name>VideoSourceConfig</tt:Name><tt:UseCount>2</tt:UseCount>` +
    `<tt:SourceToken>${VIDEO_SOURCE_TOKEN}</tt:SourceToken><tt:Bounds x="0" y="0" width="${main.width}" height="${main.height}"/></${tag}>`
  );
}

export function videoEncoderConfigurationXml(stream: CameraStream, scene: SceneFrames, sessionTimeoutSeconds: number, tag = 'tt:VideoEncoderConfiguration'): string {
  const fps = fpsOf(scene);
  return (
    `<${tag} token="${ENCODER_TOKENS[stream]}"><tt:Name>${PROFILE_NAMES[stream]}</tt:Name><tt:UseCount>1</tt:UseCount>` +
    `<tt:Encoding>H264</tt:Encoding><tt:Resolution><tt:Width>${scene.width}</tt:Width><tt:Height>${scene.height}</tt:Height></tt:Resolution>` +
    `<tt:Quality>5</tt:Quality><tt:RateControl><tt:FrameRateLimit>${fps}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval>` +
    `<tt:BitrateLimit>${stream === 'main' ? 2048 : 512}</tt:BitrateLimit></tt:RateControl>` +
    `<tt:H264><tt:GovLength>${Math.max(1, Math.round(fps))}</tt:GovLength><tt:H264Profile>${h264ProfileName(scene.profileLevelId)}</tt:H264Profile></tt:H264>` +
    `<tt:Multicast><tt:Address><tt:Type>IPv4</tt:Type><tt:IPv4Address>0.0.0.0</tt:IPv4Address></tt:Address><tt:Port>0</tt:Port><tt:TTL>1</tt:TTL><tt:AutoStart>false</tt:AutoStart></tt:Multicast>` +
    `<tt:SessionTimeout>${formatXsDuration(sessionTimeoutSeconds * 1000)}</tt:SessionTimeout></${tag}>`
  );
}

function range(min: number, max: number): string {
  return `<tt:Min>${min}</tt:Min><tt:Max>${max}</tt:Max>`;
}

export function ptzConfigurationXml(tag = 'tt:PTZConfiguration'): string {
  return (
    `<${tag} token="${PTZ_CONFIG_TOKEN}"><tt:Name>PTZ</tt:Name><tt:UseCount>1</tt:UseCount><tt:NodeToken>${PTZ_NODE_TOKEN}</tt:NodeToken>` +
    `<tt:DefaultAbsolutePantTiltPositionSpace>${PTZ_SPACES.absolutePanTilt}</tt:DefaultAbsolutePantTiltPositionSpace>` +
    `<tt:DefaultAbsoluteZoomPositionSpace>${PTZ_SPACES.absoluteZoom}</tt:DefaultAbsoluteZoomPositionSpace>` +
    `<tt:DefaultRelativePanTiltTranslationSpace>${PTZ_SPACES.relativePanTilt}</tt:DefaultRelativePanTiltTranslationSpace>` +
    `<tt:DefaultRelativeZoomTranslationSpace>${PTZ_SPACES.relativeZoom}</tt:DefaultRelativeZoomTranslationSpace>` +
    `<tt:DefaultContinuousPanTiltVelocitySpace>${PTZ_SPACES.continuousPanTilt}</tt:DefaultContinuousPanTiltVelocitySpace>` +
    `<tt:DefaultContinuousZoomVelocitySpace>${PTZ_SPACES.continuousZoom}</tt:DefaultContinuousZoomVelocitySpace>` +
    `<tt:DefaultPTZSpeed><tt:PanTilt x="1" y="1" space="${PTZ_SPACES.panTiltSpeed}"/><tt:Zoom x="1" space="${PTZ_SPACES.zoomSpeed}"/></tt:DefaultPTZSpeed>` +
    `<tt:DefaultPTZTimeout>${formatXsDuration(DEFAULT_PTZ_TIMEOUT_MS)}</tt:DefaultPTZTimeout>` +
    `<tt:PanTiltLimits><tt:Range><tt:URI>${PTZ_SPACES.absolutePanTilt}</tt:URI><tt:XRange>${range(-1, 1)}</tt:XRange><tt:YRange>${range(-1, 1)}</tt:YRange></tt:Range></tt:PanTiltLimits>` +
    `<tt:ZoomLimits><tt:Range><tt:URI>${PTZ_SPACES.absoluteZoom}</tt:URI><tt:XRange>${range(0, 1)}</tt:XRange></tt:Range></tt:ZoomLimits>` +
    `</${tag}>`
  );
}

export function profileXml(stream: CameraStream, ctx: Pick<OnvifContext, 'scene' | 'sessionTimeoutSeconds'>, tag = 'trt:Profiles'): string {
  return (
    `<${tag} token="${PROFILE_TOKENS[stream]}" fixed="true"><tt:Name>${PROFILE_NAMES[stream]}</tt:Name>` +
    videoSourceConfigurationXml(ctx.scene('main')) +
    videoEncoderConfigurationXml(stream, ctx.scene(stream), ctx.sessionTimeoutSeconds) +
    (stream === 'main' ? ptzConfigurationXml() : '') +
    `</${tag}>`
  );
}

/** The stream a profile token names; a SOAP fault (ter:NoProfile) for any other token. */
export function streamOfProfile(operation: XmlElement): CameraStream {
  const token = childOf(operation, 'ProfileToken')?.text ?? '';
  const stream = CAMERA_STREAMS.find((s) => PROFILE_TOKENS[s] === token);
  if (!stream) throw FAULTS.invalidArg(`no profile ${JSON.stringify(token)}`, 'ter:NoProfile');
  return stream;
}

function encoderStream(operation: XmlElement): CameraStream {
  const token = childOf(operation, 'ConfigurationToken')?.text ?? '';
  const stream = CAMERA_STREAMS.find((s) => ENCODER_TOKENS[s] === token);
  if (!stream) throw FAULTS.invalidArg(`no configuration ${JSON.stringify(token)}`, 'ter:NoConfig');
  return stream;
}

function mediaUriXml(tag: string, uri: string): string {
  return (
    `<trt:${tag}><trt:MediaUri><tt:Uri>${escapeXml(uri)}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>` +
    `<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:${tag}>`
  );
}

export const mediaOperations: Readonly<Record<string, OperationHandler>> = {
  GetProfiles: (_op, ctx) => `<trt:GetProfilesResponse>${CAMERA_STREAMS.map((s) => profileXml(s, ctx)).join('')}</trt:GetProfilesResponse>`,
  GetProfile: (op, ctx) => `<trt:GetProfileResponse>${profileXml(streamOfProfile(op), ctx, 'trt:Profile')}</trt:GetProfileResponse>`,
  GetVideoSources: (_op, ctx) => {
    const main = ctx.scene('main');
    return (
      `<trt:GetVideoSourcesResponse><trt:VideoSources token="${VIDEO_SOURCE_TOKEN}"><tt:Framerate>${fpsOf(main)}</tt:Framerate>` +
      `<tt:Resolution><tt:Width>${main.width}</tt:Width><tt:Height>${main.height}</tt:Height></tt:Resolution></trt:VideoSources></trt:GetVideoSourcesResponse>`
    );
  },
  GetVideoSourceConfigurations: (_op, ctx) =>
    `<trt:GetVideoSourceConfigurationsResponse>${videoSourceConfigurationXml(ctx.scene('main'), 'trt:Configurations')}</trt:GetVideoSourceConfigurationsResponse>`,
  GetVideoEncoderConfigurations: (_op, ctx) =>
    `<trt:GetVideoEncoderConfigurationsResponse>${CAMERA_STREAMS.map((s) =>
      videoEncoderConfigurationXml(s, ctx.scene(s), ctx.sessionTimeoutSeconds, 'trt:Configurations'),
    ).join('')}</trt:GetVideoEncoderConfigurationsResponse>`,
  GetVideoEncoderConfiguration: (op, ctx) => {
    const stream = encoderStream(op);
    return `<trt:GetVideoEncoderConfigurationResponse>${videoEncoderConfigurationXml(stream, ctx.scene(stream), ctx.sessionTimeoutSeconds, 'trt:Configuration')}</trt:GetVideoEncoderConfigurationResponse>`;
  },
  GetStreamUri: (op, ctx) => {
    const stream = streamOfProfile(op);
    const setup = childOf(op, 'StreamSetup');
    if (childOf(setup, 'Stream')?.text === 'RTP-Multicast') {
      throw FAULTS.invalidArg('multicast streaming is not supported', 'ter:InvalidStreamSetup');
    }
    const protocol = pathOf(setup, 'Transport', 'Protocol')?.text ?? 'RTSP';
    if (protocol === 'HTTP') throw FAULTS.invalidArg('RTSP over HTTP is not supported', 'ter:InvalidStreamSetup');
    // The URI carries no credentials: clients add them, as with real cameras.
    return mediaUriXml('GetStreamUriResponse', ctx.rtspUrl(stream));
  },
  GetSnapshotUri: (op, ctx) => {
    const stream = streamOfProfile(op);
    return mediaUriXml('GetSnapshotUriResponse', stream === 'main' ? ctx.urls.snapshot : `${ctx.urls.snapshot}?profile=${stream}`);
  },
  GetServiceCapabilities: () =>
    `<trt:GetServiceCapabilitiesResponse><trt:Capabilities SnapshotUri="true" Rotation="false" VideoSourceMode="false" OSD="false">` +
    `<trt:ProfileCapabilities MaximumNumberOfProfiles="2"/><trt:StreamingCapabilities RTPMulticast="false" RTP_TCP="true" RTP_RTSP_TCP="true" ` +
    `NonAggregateControl="false" NoRTSPStreaming="false"/></trt:Capabilities></trt:GetServiceCapabilitiesResponse>`,
};
