import { Switch } from 'antd';
import { useElderlyMode } from '../elderly';
import { zh } from '../locale/zh-CN';

/** The 适老模式 switch, with a visible label; it sits on the dark top bar (shell and login page). */
export function ElderlySwitch() {
  const { elderly, setElderly } = useElderlyMode();
  return (
    <div className="rz-elderly-switch">
      <label htmlFor="rz-elderly-switch">{zh.elderly.label}</label>
      <Switch
        id="rz-elderly-switch"
        checked={elderly}
        onChange={setElderly}
        checkedChildren={zh.elderly.on}
        unCheckedChildren={zh.elderly.off}
      />
    </div>
  );
}
