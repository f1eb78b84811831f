// Centroids of the 47 communes of Val-de-Marne (INSEE code, name, lat, lon), computed as the
// area-weighted centroid of each outline in packages/db/data/communes-94.geojson (Licence Ouverte).
// Kept here as plain data because this package imports nothing from the workspace.
export interface CommuneCentroid {
  code: string;
  name: string;
  lat: number;
  lon: number;
}

export const communes94: readonly CommuneCentroid[] = [
  { code: '94001', name: 'Ablon-sur-Seine', lat: 48.72459, lon: 2.42153 },
  { code: '94002', name: 'Alfortville', lat: 48.79621, lon: 2.42137 },
  { code: '94003', name: 'Arcueil', lat: 48.80549, lon: 2.33384 },
  { code: '94004', name: 'Boissy-Saint-Léger', lat: 48.74705, lon: 2.52513 },
  { code: '94011', name: 'Bonneuil-sur-Marne', lat: 48.77346, lon: 2.4879 },
  { code: '94015', name: 'Bry-sur-Marne', lat: 48.83879, lon: 2.52346 },
  { code: '94016', name: 'Cachan', lat: 48.79165, lon: 2.33209 },
  { code: '94017', name: 'Champigny-sur-Marne', lat: 48.81738, lon: 2.51697 },
  { code: '94018', name: 'Charenton-le-Pont', lat: 48.82264, lon: 2.40657 },
  { code: '94019', name: 'Chennevières-sur-Marne', lat: 48.79763, lon: 2.54159 },
  { code: '94021', name: 'Chevilly-Larue', lat: 48.76687, lon: 2.35293 },
  { code: '94022', name: 'Choisy-le-Roi', lat: 48.76422, lon: 2.41716 },
  { code: '94028', name: 'Créteil', lat: 48.78373, lon: 2.45467 },
  { code: '94033', name: 'Fontenay-sous-Bois', lat: 48.85121, lon: 2.47404 },
  { code: '94034', name: 'Fresnes', lat: 48.75706, lon: 2.32615 },
  { code: '94037', name: 'Gentilly', lat: 48.81336, lon: 2.34424 },
  { code: '94038', name: 'Haÿ-les-Roses', lat: 48.77618, lon: 2.33766 },
  { code: '94041', name: 'Ivry-sur-Seine', lat: 48.81231, lon: 2.38766 },
  { code: '94042', name: 'Joinville-le-Pont', lat: 48.81976, lon: 2.47084 },
  { code: '94043', name: 'Kremlin-Bicêtre', lat: 48.80883, lon: 2.35576 },
  { code: '94044', name: 'Limeil-Brévannes', lat: 48.74547, lon: 2.48909 },
  { code: '94046', name: 'Maisons-Alfort', lat: 48.80624, lon: 2.43812 },
  { code: '94047', name: 'Mandres-les-Roses', lat: 48.70597, lon: 2.54806 },
  { code: '94048', name: 'Marolles-en-Brie', lat: 48.73956, lon: 2.55485 },
  { code: '94052', name: 'Nogent-sur-Marne', lat: 48.83662, lon: 2.48166 },
  { code: '94053', name: 'Noiseau', lat: 48.77422, lon: 2.55458 },
  { code: '94054', name: 'Orly', lat: 48.7428, lon: 2.39515 },
  { code: '94055', name: 'Ormesson-sur-Marne', lat: 48.7859, lon: 2.53975 },
  { code: '94056', name: 'Périgny', lat: 48.69666, lon: 2.56121 },
  { code: '94058', name: 'Perreux-sur-Marne', lat: 48.84229, lon: 2.504 },
  { code: '94059', name: 'Plessis-Trévise', lat: 48.80583, lon: 2.57649 },
  { code: '94060', name: 'Queue-en-Brie', lat: 48.77732, lon: 2.58438 },
  { code: '94065', name: 'Rungis', lat: 48.74968, lon: 2.35267 },
  { code: '94067', name: 'Saint-Mandé', lat: 48.84107, lon: 2.41887 },
  { code: '94068', name: 'Saint-Maur-des-Fossés', lat: 48.7989, lon: 2.4944 },
  { code: '94069', name: 'Saint-Maurice', lat: 48.81832, lon: 2.43757 },
  { code: '94070', name: 'Santeny', lat: 48.73524, lon: 2.57636 },
  { code: '94071', name: 'Sucy-en-Brie', lat: 48.76561, lon: 2.53334 },
  { code: '94073', name: 'Thiais', lat: 48.76077, lon: 2.38552 },
  { code: '94074', name: 'Valenton', lat: 48.75267, lon: 2.46132 },
  { code: '94075', name: 'Villecresnes', lat: 48.72085, lon: 2.53141 },
  { code: '94076', name: 'Villejuif', lat: 48.7924, lon: 2.35978 },
  { code: '94077', name: 'Villeneuve-le-Roi', lat: 48.7322, lon: 2.41111 },
  { code: '94078', name: 'Villeneuve-Saint-Georges', lat: 48.74188, lon: 2.44913 },
  { code: '94079', name: 'Villiers-sur-Marne', lat: 48.82615, lon: 2.54513 },
  { code: '94080', name: 'Vincennes', lat: 48.84755, lon: 2.4378 },
  { code: '94081', name: 'Vitry-sur-Seine', lat: 48.78814, lon: 2.39448 },
];
